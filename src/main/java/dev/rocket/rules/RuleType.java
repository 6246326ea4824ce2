package dev.rocket.rules;

import dev.rocket.metadata.WireNames;
import java.util.List;

/** The types of rule: a check of one field, an expression that flags a violation, a computed field. */
public enum RuleType {
    FIELD, EXPRESSION, COMPUTED;

    /** The wire names, in order, for messages that list what is allowed. */
    public static final List<String> NAMES = WireNames.of(values());

    private final String wireName = WireNames.of(this);

    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName();
    }

    /** The value of a wire name, or null. */
    public static RuleType parse(Object v) {
        return WireNames.parse(RuleType.class, v);
    }
}
