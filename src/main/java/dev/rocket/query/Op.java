package dev.rocket.query;

/** Filter operators of SPEC §5. */
public enum Op {
    EQ("eq", "="), NEQ("neq", "<>"), GT("gt", ">"), GTE("gte", ">="), LT("lt", "<"), LTE("lte", "<="),
    IN("in", null), NOT_IN("not_in", null), LIKE("like", "LIKE");

    private final String wireName;
    private final String sql;

    Op(String wireName, String sql) {
        this.wireName = wireName;
        this.sql = sql;
    }

    public String wireName() {
        return wireName;
    }

    public String sql() {
        return sql;
    }

    public boolean isList() {
        return this == IN || this == NOT_IN;
    }

    public static Op parse(String s) {
        for (Op o : values()) {
            if (o.wireName.equals(s)) {
                return o;
            }
        }
        return null;
    }
}
