package dev.rocket.rules;

import java.util.Arrays;
import java.util.List;

/** The kinds of rule: a check of one field, an expression that flags a violation, a computed field. */
public enum RuleKind {
    FIELD("field"), EXPRESSION("expression"), COMPUTED("computed");

    public static final List<String> NAMES = Arrays.stream(values()).map(RuleKind::wireName).toList();

    private final String wireName;

    RuleKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }

    public static RuleKind parse(Object v) {
        for (RuleKind k : values()) {
            if (k.wireName.equals(v)) {
                return k;
            }
        }
        return null;
    }
}
