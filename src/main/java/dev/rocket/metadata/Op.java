package dev.rocket.metadata;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntPredicate;

/**
 * The comparison operators shared by query filters, permission conditions and field rules, each with
 * its SQL and its in-memory meaning, which agree on every value:
 * <ul>
 *   <li>both sides are read as the field's type: numbers compare numerically, text by Unicode code
 *       points (SQL {@code COLLATE "C"}), dates and timestamps in time, booleans {@code false < true},
 *       UUIDs by their text;</li>
 *   <li>a null value matches nothing (neither {@code neq} nor {@code not_in}), as in SQL; null entries of
 *       an {@code in}/{@code not_in} list are ignored;</li>
 *   <li>{@code like} matches the value's text (timestamps in Rocket's UTC form
 *       {@code 2024-05-01T10:00:00.000000Z}) with SQL LIKE semantics: {@code %}, {@code _}, backslash
 *       escapes, case-sensitive.</li>
 * </ul>
 */
public enum Op {
    EQ("="), NEQ("<>"), GT(">"), GTE(">="), LT("<"), LTE("<="), IN(null), NOT_IN(null), LIKE("LIKE");

    /** The wire names, in order, for messages that list what is allowed. */
    public static final List<String> NAMES = WireNames.of(values());

    private final String wireName = WireNames.of(this);
    private final String sql;

    Op(String sql) {
        this.sql = sql;
    }

    public String wireName() {
        return wireName;
    }

    /** The SQL operator ({@code in}/{@code not_in} render as {@code = ANY} / {@code <> ALL}). */
    public String sql() {
        return sql;
    }

    public boolean isList() {
        return switch (this) {
            case IN, NOT_IN -> true;
            case EQ, NEQ, GT, GTE, LT, LTE, LIKE -> false;
        };
    }

    /** An ordering comparison ({@code gt gte lt lte}): on text it needs the code-point collation. */
    public boolean isOrdering() {
        return switch (this) {
            case GT, GTE, LT, LTE -> true;
            case EQ, NEQ, IN, NOT_IN, LIKE -> false;
        };
    }

    /** The operator of a wire name, or null. */
    public static Op parse(String s) {
        return WireNames.parse(Op.class, s);
    }

    /**
     * The SQL expression this operator compares for column {@code col} of a field of {@code type}: text
     * orderings in code-point order, {@code like} on the value's text (timestamps in Rocket's UTC form).
     */
    public String column(String col, FieldType type) {
        if (this == LIKE && type == FieldType.TIMESTAMP) {
            return "to_char(" + col + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
        }
        if (this == LIKE && !type.isText()) {
            return col + "::text";
        }
        if (isOrdering() && type.isText()) {
            return col + " COLLATE \"C\"";
        }
        return col;
    }

    /** Whether the operator applies to fields of a type (JSON and file values have no order nor text). */
    public boolean appliesTo(FieldType type) {
        return !type.isJson();
    }

    /**
     * Why {@code value} cannot be compared with this operator on field {@code f}, or null: the value must fit
     * the field's type (a list's entries each), {@code like} takes a text pattern, JSON fields take none.
     */
    public String valueProblem(FieldDef f, Object value) {
        if (!appliesTo(f.type())) {
            return "operator " + wireName + " does not apply to " + f.type().wireName() + " field " + f.name();
        }
        if (this == LIKE) {
            return value == null || value instanceof String ? null : "value of like must be a text pattern";
        }
        List<?> values = value instanceof List<?> l ? l : Collections.singletonList(value);
        for (Object v : values) {
            if (v instanceof Map<?, ?> || v instanceof List<?>) {
                return "values must be scalars";
            }
            if (v != null && Op.typed(f, v) == null) {
                return "value " + v + " does not fit " + f.type().wireName() + " field " + f.name();
            }
        }
        return null;
    }

    /**
     * The in-memory meaning: does {@code actual} (a record value, JSON form or bind value) satisfy
     * {@code this wanted} for field {@code f}? {@code wanted} is a list for {@code in}/{@code not_in}, a
     * pattern for {@code like}, else one value of the field's type (JSON form or bind value).
     */
    public boolean test(FieldDef f, Object actual, Object wanted) {
        Comparable<?> a = typed(f, actual);
        if (a == null) {
            return false;
        }
        return switch (this) { // a switch expression: a new operator does not compile until handled here
            case IN -> contains(f, a, wanted);
            case NOT_IN -> !contains(f, a, wanted);
            case LIKE -> wanted != null && Like.matches(String.valueOf(wanted), text(a));
            case EQ -> compare(f, a, wanted, c -> c == 0);
            case NEQ -> compare(f, a, wanted, c -> c != 0);
            case GT -> compare(f, a, wanted, c -> c > 0);
            case GTE -> compare(f, a, wanted, c -> c >= 0);
            case LT -> compare(f, a, wanted, c -> c < 0);
            case LTE -> compare(f, a, wanted, c -> c <= 0);
        };
    }

    /** Whether a list {@code wanted} holds a value equal to {@code a}. */
    private static boolean contains(FieldDef f, Comparable<?> a, Object wanted) {
        if (wanted instanceof List<?> l) {
            for (Object o : l) {
                Comparable<?> w = typed(f, o);
                if (w != null && compare(a, w) == 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code a} compares with {@code wanted} as {@code holds} asks; false when {@code wanted} does not fit. */
    private static boolean compare(FieldDef f, Comparable<?> a, Object wanted, IntPredicate holds) {
        Comparable<?> w = typed(f, wanted);
        return w != null && holds.test(compare(a, w));
    }

    /**
     * A value as the field's type sees it (what the column holds), or null when it is null or does not
     * fit the type (such a value matches nothing).
     */
    public static Comparable<?> typed(FieldDef f, Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof UUID || v instanceof LocalDate || v instanceof OffsetDateTime) {
            return (Comparable<?>) v;
        }
        try {
            Object c = Values.coerce(f.type(), f.precision(), v);
            if (c instanceof Integer || c instanceof Long) {
                return new BigDecimal(c.toString());
            }
            if (c instanceof BigDecimal d && f.precision() != null && f.precision() > 0) {
                return d.setScale(f.precision(), RoundingMode.HALF_UP); // as NUMERIC(18,p) holds it
            }
            return c instanceof Comparable<?> cmp ? cmp : null;
        } catch (Values.TypeMismatch e) {
            return null;
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Comparable<?> a, Comparable<?> b) {
        if (a instanceof String s && b instanceof String t) {
            return codePoints(s, t);
        }
        if (a instanceof UUID || b instanceof UUID) {
            return a.toString().compareTo(b.toString()); // PostgreSQL orders UUIDs by their bytes
        }
        if (a instanceof OffsetDateTime x && b instanceof OffsetDateTime y) {
            return x.toInstant().compareTo(y.toInstant());
        }
        if (a.getClass() != b.getClass()) {
            return a.toString().compareTo(b.toString());
        }
        return ((Comparable) a).compareTo(b);
    }

    /** Unicode code-point order, which is PostgreSQL's {@code COLLATE "C"} on UTF-8 text. */
    static int codePoints(String s, String t) {
        int i = 0;
        int j = 0;
        while (i < s.length() && j < t.length()) {
            int a = s.codePointAt(i);
            int b = t.codePointAt(j);
            if (a != b) {
                return Integer.compare(a, b);
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Integer.compare(s.length() - i, t.length() - j);
    }

    /** The text {@code like} matches: what the SQL side renders for the column. */
    static String text(Object typed) {
        if (typed instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return String.valueOf(Values.toJson(typed));
    }
}
