package dev.rocket.metadata;

import java.math.BigDecimal;

/**
 * Value comparison shared by permission conditions and field rules: numbers (and numeric strings)
 * compare numerically, everything else by its text.
 */
public final class Compare {
    private Compare() {
    }

    /** Equal numerically when both are numbers, else equal as text; nothing equals null. */
    public static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return false;
        }
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        if (x != null && y != null) {
            return x.compareTo(y) == 0;
        }
        return text(a).equals(text(b));
    }

    /** Numeric ordering, or null when either side is not a number. */
    public static Integer numeric(Object a, Object b) {
        BigDecimal x = number(a);
        BigDecimal y = number(b);
        return x != null && y != null ? x.compareTo(y) : null;
    }

    /** A number, or a string holding one; null otherwise. */
    public static BigDecimal number(Object o) {
        if (o instanceof BigDecimal d) {
            return d;
        }
        if (o instanceof Number n) {
            try {
                return new BigDecimal(n.toString());
            } catch (NumberFormatException e) {
                return null; // NaN, Infinity
            }
        }
        if (o instanceof String s && s.length() < 100 && s.trim().matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,3})?")) {
            return new BigDecimal(s.trim());
        }
        return null;
    }

    /** The text of a value (decimals without exponent). */
    public static String text(Object o) {
        return o instanceof BigDecimal d ? d.toPlainString() : String.valueOf(o);
    }
}
