package dev.rocket.rules;

import dev.rocket.metadata.Op;
import java.util.Arrays;
import java.util.List;

/**
 * The operators of field rules: the checks of their own (bounds, lengths, pattern, not_empty) and the
 * comparisons shared with query filters and permission conditions ({@link Op}, same meaning).
 */
public enum RuleOperator {
    MIN("min", null), MAX("max", null), MIN_LENGTH("min_length", null), MAX_LENGTH("max_length", null),
    PATTERN("pattern", null), NOT_EMPTY("not_empty", null),
    EQ("eq", Op.EQ), NEQ("neq", Op.NEQ), GT("gt", Op.GT), GTE("gte", Op.GTE), LT("lt", Op.LT), LTE("lte", Op.LTE),
    IN("in", Op.IN), NOT_IN("not_in", Op.NOT_IN), LIKE("like", Op.LIKE);

    public static final List<String> NAMES = Arrays.stream(values()).map(RuleOperator::wireName).toList();

    private final String wireName;
    private final Op comparison;

    RuleOperator(String wireName, Op comparison) {
        this.wireName = wireName;
        this.comparison = comparison;
    }

    public String wireName() {
        return wireName;
    }

    /** The shared comparison operator, or null for the rule-only checks. */
    public Op comparison() {
        return comparison;
    }

    /** The bound checks take a number as their value. */
    public boolean takesNumber() {
        return this == MIN || this == MAX || this == MIN_LENGTH || this == MAX_LENGTH;
    }

    @Override
    public String toString() {
        return wireName;
    }

    public static RuleOperator parse(Object v) {
        for (RuleOperator o : values()) {
            if (o.wireName.equals(v)) {
                return o;
            }
        }
        return null;
    }
}
