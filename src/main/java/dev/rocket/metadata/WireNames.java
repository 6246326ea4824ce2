package dev.rocket.metadata;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Wire names of the vocabulary enums whose constants are their wire names in upper case ({@code SET_NULL} ↔
 * {@code set_null}): one place for the name, the list of allowed names, and parsing.
 */
public final class WireNames {
    private WireNames() {
    }

    public static String of(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** The wire names, in declaration order, for messages that list what is allowed. */
    public static List<String> of(Enum<?>[] values) {
        return Arrays.stream(values).map(WireNames::of).toList();
    }

    /** The constant whose wire name is {@code v}, or null. */
    public static <E extends Enum<E>> E parse(E[] values, Object v) {
        for (E e : values) {
            if (of(e).equals(v)) {
                return e;
            }
        }
        return null;
    }
}
