package dev.rocket.metadata;

import dev.rocket.error.ApiException;
import dev.rocket.error.Details;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Collects the problems of a definition; {@link #throwIfAny()} answers 422 with one detail per problem. */
public final class Problems {
    private final List<Map<String, Object>> details = new ArrayList<>();

    public void add(String message) {
        details.add(Details.message(message));
    }

    public void add(String field, String message) {
        details.add(Details.of(field, null, message));
    }

    public void add(String field, String rule, String message) {
        details.add(Details.of(field, rule, message));
    }

    public boolean isEmpty() {
        return details.isEmpty();
    }

    public void throwIfAny() {
        if (!details.isEmpty()) {
            throw ApiException.validation((String) details.get(0).get("message"), details);
        }
    }
}
