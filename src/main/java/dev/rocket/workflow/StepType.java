package dev.rocket.workflow;

import java.util.Arrays;
import java.util.List;

/** The kinds of workflow step, with the keys each takes (besides {@code id}, {@code type}). */
public enum StepType {
    ACTION("action", List.of("actions", "then")),
    CONDITION("condition", List.of("expression", "on_true", "on_false")),
    APPROVAL("approval", List.of("assignee", "timeout", "on_approve", "on_reject", "on_timeout"));

    public static final List<String> NAMES = Arrays.stream(values()).map(StepType::wireName).toList();

    private final String wireName;
    private final List<String> keys;

    StepType(String wireName, List<String> keys) {
        this.wireName = wireName;
        this.keys = keys;
    }

    public String wireName() {
        return wireName;
    }

    /** Every key a step of this type may carry, {@code id} and {@code type} first. */
    public List<String> keys() {
        List<String> all = new java.util.ArrayList<>(List.of("id", "type"));
        all.addAll(keys);
        return all;
    }

    @Override
    public String toString() {
        return wireName;
    }

    public static StepType parse(Object v) {
        for (StepType t : values()) {
            if (t.wireName.equals(v)) {
                return t;
            }
        }
        return null;
    }
}
