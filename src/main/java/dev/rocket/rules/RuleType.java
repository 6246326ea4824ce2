package dev.rocket.rules;

import java.util.Arrays;
import java.util.List;

/** The types of rule: a check of one field, an expression that flags a violation, a computed field. */
public enum RuleType {
    FIELD("field"), EXPRESSION("expression"), COMPUTED("computed");

    public static final List<String> NAMES = Arrays.stream(values()).map(RuleType::wireName).toList();

    private final String wireName;

    RuleType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }

    public static RuleType parse(Object v) {
        for (RuleType k : values()) {
            if (k.wireName.equals(v)) {
                return k;
            }
        }
        return null;
    }
}
