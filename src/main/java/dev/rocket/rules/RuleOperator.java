package dev.rocket.rules;

import dev.rocket.metadata.Op;
import dev.rocket.metadata.WireNames;
import java.util.List;

/**
 * The operators of field rules: the checks of their own (bounds, lengths, pattern, not_empty) and the
 * comparisons shared with query filters and permission conditions ({@link Op}, same meaning).
 */
public enum RuleOperator {
    MIN(null), MAX(null), MIN_LENGTH(null), MAX_LENGTH(null), PATTERN(null), NOT_EMPTY(null),
    EQ(Op.EQ), NEQ(Op.NEQ), GT(Op.GT), GTE(Op.GTE), LT(Op.LT), LTE(Op.LTE), IN(Op.IN), NOT_IN(Op.NOT_IN), LIKE(Op.LIKE);

    /** The wire names, in order, for messages that list what is allowed. */
    public static final List<String> NAMES = WireNames.of(values());

    private final String wireName = WireNames.of(this);
    private final Op comparison;

    RuleOperator(Op comparison) {
        this.comparison = comparison;
    }

    public String wireName() {
        return wireName;
    }

    /** The shared comparison operator, or null for the rule-only checks. */
    public Op comparison() {
        return comparison;
    }

    @Override
    public String toString() {
        return wireName;
    }

    /** The value of a wire name, or null. */
    public static RuleOperator parse(Object v) {
        return WireNames.parse(RuleOperator.class, v);
    }
}
