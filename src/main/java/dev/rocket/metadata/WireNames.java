package dev.rocket.metadata;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Wire names of the vocabulary enums whose constants are their wire names in upper case ({@code SET_NULL} ↔
 * {@code set_null}): one place for the name, the list of allowed names, and parsing.
 */
public final class WireNames {
    /** Each enum's constants by wire name, built on first use (parsing sits on the request path). */
    private static final ClassValue<Map<String, Enum<?>>> BY_NAME = new ClassValue<>() {
        @Override
        protected Map<String, Enum<?>> computeValue(Class<?> type) {
            Map<String, Enum<?>> byName = new HashMap<>();
            for (Object e : type.getEnumConstants()) {
                byName.put(of((Enum<?>) e), (Enum<?>) e);
            }
            return Map.copyOf(byName);
        }
    };

    private WireNames() {
    }

    public static String of(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** The wire names, in declaration order, for messages that list what is allowed. */
    public static List<String> of(Enum<?>[] values) {
        return Arrays.stream(values).map(WireNames::of).toList();
    }

    /** The constant of {@code type} whose wire name is {@code v}, or null. */
    public static <E extends Enum<E>> E parse(Class<E> type, Object v) {
        return v instanceof String s ? type.cast(BY_NAME.get(type).get(s)) : null;
    }
}
