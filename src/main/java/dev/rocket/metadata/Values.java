package dev.rocket.metadata;

import dev.rocket.db.Jdbc;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Value conversion by field type: JSON payload values and query-string text become the Java values
 * bound to statements. Anything that does not fit the column (wrong JSON type, out of range, NaN,
 * unparsable dates) is a {@link TypeMismatch}, never a database error.
 */
public final class Values {
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final int MAX_DECIMAL_DIGITS = 1000;

    private Values() {
    }

    /** The value does not fit the field's type. */
    public static final class TypeMismatch extends Exception {
        private static final long serialVersionUID = 1L;

        public TypeMismatch(String message) {
            super(message, null, false, false);
        }
    }

    /** A JSON payload value → bind value. Null stays null. */
    public static Object coerce(FieldType type, Integer precision, Object v) throws TypeMismatch {
        if (v == null) {
            return null;
        }
        return switch (type) { // a switch expression: a new field type does not compile until it is coerced here
            case STRING, TEXT -> {
                if (!(v instanceof String s)) {
                    throw new TypeMismatch("must be a string");
                }
                yield text(s);
            }
            case INT -> {
                BigInteger i = integer(v);
                if (i.bitLength() > 31) {
                    throw new TypeMismatch("is out of range for int");
                }
                yield i.intValue();
            }
            case BIGINT -> {
                BigInteger i = integer(v);
                if (i.compareTo(LONG_MIN) < 0 || i.compareTo(LONG_MAX) > 0) {
                    throw new TypeMismatch("is out of range for bigint");
                }
                yield i.longValue();
            }
            case DECIMAL -> decimal(v, precision);
            case BOOLEAN -> {
                if (!(v instanceof Boolean)) {
                    throw new TypeMismatch("must be a boolean");
                }
                yield v;
            }
            case UUID -> {
                if (!(v instanceof String s)) {
                    throw new TypeMismatch("must be a UUID string");
                }
                yield uuid(s);
            }
            case TIMESTAMP -> {
                if (!(v instanceof String s)) {
                    throw new TypeMismatch("must be an ISO 8601 timestamp string");
                }
                yield timestamp(s);
            }
            case DATE -> {
                if (!(v instanceof String s)) {
                    throw new TypeMismatch("must be a YYYY-MM-DD date string");
                }
                yield date(s);
            }
            case JSON -> {
                checkJson(v, 0);
                yield new Jdbc.JsonValue(v);
            }
            case FILE -> {
                if (!(v instanceof Map<?, ?>)) {
                    throw new TypeMismatch("must be a file id or a file object");
                }
                checkJson(v, 0);
                yield new Jdbc.JsonValue(v);
            }
        };
    }

    /** A bind value back to its JSON form (UUIDs, dates and timestamps as text; JSON as its value). */
    public static Object toJson(Object v) {
        if (v instanceof Jdbc.JsonValue j) {
            return j.value();
        }
        if (v instanceof UUID || v instanceof LocalDate) {
            return v.toString();
        }
        if (v instanceof OffsetDateTime t) {
            return Jdbc.ISO_UTC.format(t);
        }
        return v;
    }

    /** Query-string text → bind value (coercion as in docs/query.md#filters). */
    public static Object parseText(FieldType type, Integer precision, String s) throws TypeMismatch {
        return switch (type) {
            case INT, BIGINT, DECIMAL -> coerce(type, precision, s.trim());
            case BOOLEAN -> "true".equalsIgnoreCase(s.trim()) || "1".equals(s.trim());
            case UUID -> uuid(s.trim());
            case TIMESTAMP -> timestamp(s.trim());
            case DATE -> date(s.trim());
            case STRING, TEXT, JSON, FILE -> text(s);
        };
    }

    private static String text(String s) throws TypeMismatch {
        if (s.indexOf('\u0000') >= 0) {
            throw new TypeMismatch("must not contain NUL characters");
        }
        return s;
    }

    private static BigInteger integer(Object v) throws TypeMismatch {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return BigInteger.valueOf(((Number) v).longValue());
        }
        if (v instanceof BigInteger b) {
            return b;
        }
        if (v instanceof BigDecimal d) {
            try {
                return d.toBigIntegerExact();
            } catch (ArithmeticException e) {
                throw new TypeMismatch("must be an integer");
            }
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d) || d != Math.rint(d)) {
                throw new TypeMismatch("must be an integer");
            }
            return BigDecimal.valueOf(d).toBigInteger();
        }
        if (v instanceof String s) {
            String t = s.trim();
            if (t.isEmpty() || t.length() > 40 || !t.matches("[+-]?\\d+")) {
                throw new TypeMismatch("must be an integer");
            }
            return new BigInteger(t);
        }
        throw new TypeMismatch("must be an integer");
    }

    private static BigDecimal decimal(Object v, Integer precision) throws TypeMismatch {
        BigDecimal d;
        if (v instanceof BigDecimal b) {
            d = b;
        } else if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
            d = new BigDecimal(v.toString());
        } else if (v instanceof Double || v instanceof Float) {
            double x = ((Number) v).doubleValue();
            if (Double.isNaN(x) || Double.isInfinite(x)) {
                throw new TypeMismatch("must be a finite number");
            }
            d = BigDecimal.valueOf(x);
        } else if (v instanceof String s) {
            String t = s.trim();
            if (t.isEmpty() || t.length() > MAX_DECIMAL_DIGITS || !t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,3})?")) {
                throw new TypeMismatch("must be a number");
            }
            d = new BigDecimal(t);
        } else {
            throw new TypeMismatch("must be a number");
        }
        if (precision != null && precision > 0 && d.scale() > precision) {
            d = d.setScale(precision, RoundingMode.HALF_UP); // as NUMERIC(18,p) will store it
        }
        int intDigits = d.precision() - d.scale();
        if (precision != null && precision > 0) {
            if (intDigits > 18 - precision) {
                throw new TypeMismatch("has more than " + (18 - precision) + " integer digits");
            }
        } else if (intDigits > MAX_DECIMAL_DIGITS || d.scale() > MAX_DECIMAL_DIGITS) {
            throw new TypeMismatch("is out of range");
        }
        return d;
    }

    private static UUID uuid(String s) throws TypeMismatch {
        if (s.length() != 36) {
            throw new TypeMismatch("must be a UUID");
        }
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw new TypeMismatch("must be a UUID");
        }
    }

    /** ISO 8601 with offset; without offset it is taken as UTC; a plain date is midnight UTC. */
    public static OffsetDateTime timestamp(String s) throws TypeMismatch {
        if (s.length() > 64) {
            throw new TypeMismatch("must be an ISO 8601 timestamp");
        }
        OffsetDateTime t;
        try {
            t = OffsetDateTime.parse(s);
        } catch (DateTimeParseException e) {
            try {
                t = LocalDateTime.parse(s).atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                try {
                    t = LocalDate.parse(s).atStartOfDay().atOffset(ZoneOffset.UTC);
                } catch (DateTimeParseException e3) {
                    throw new TypeMismatch("must be an ISO 8601 timestamp");
                }
            }
        }
        int year = t.withOffsetSameInstant(ZoneOffset.UTC).getYear();
        if (year < 1 || year > 9999) {
            throw new TypeMismatch("is out of range");
        }
        return t;
    }

    public static LocalDate date(String s) throws TypeMismatch {
        if (s.length() > 64) {
            throw new TypeMismatch("must be a YYYY-MM-DD date");
        }
        LocalDate d;
        try {
            d = LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            try {
                d = OffsetDateTime.parse(s).toLocalDate();
            } catch (DateTimeParseException e2) {
                throw new TypeMismatch("must be a YYYY-MM-DD date");
            }
        }
        if (d.getYear() < 1 || d.getYear() > 9999) {
            throw new TypeMismatch("is out of range");
        }
        return d;
    }

    private static void checkJson(Object v, int depth) throws TypeMismatch {
        if (depth > 100) {
            throw new TypeMismatch("is nested too deeply");
        }
        if (v instanceof String s) {
            if (s.indexOf('\u0000') >= 0) {
                throw new TypeMismatch("must not contain NUL characters");
            }
        } else if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                checkJson(e.getKey(), depth + 1);
                checkJson(e.getValue(), depth + 1);
            }
        } else if (v instanceof List<?> l) {
            for (Object o : l) {
                checkJson(o, depth + 1);
            }
        }
    }
}
