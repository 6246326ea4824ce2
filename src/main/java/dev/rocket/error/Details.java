package dev.rocket.error;

import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the detail objects of an error envelope ({field, rule, message, relation, index}). */
public final class Details {
    private Details() {
    }

    public static Map<String, Object> of(String field, String rule, String message) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (field != null) {
            d.put("field", field);
        }
        if (rule != null) {
            d.put("rule", rule);
        }
        d.put("message", message);
        return d;
    }

    public static Map<String, Object> message(String message) {
        return of(null, null, message);
    }
}
