package dev.rocket.workflow;

import dev.rocket.metadata.WireNames;
import java.util.ArrayList;
import java.util.List;

/** The kinds of workflow step, with the keys each takes (besides {@code id}, {@code type}). */
public enum StepType {
    ACTION(List.of("actions", "then")),
    CONDITION(List.of("expression", "on_true", "on_false")),
    APPROVAL(List.of("assignee", "timeout", "on_approve", "on_reject", "on_timeout"));

    /** The wire names, in order, for messages that list what is allowed. */
    public static final List<String> NAMES = WireNames.of(values());

    private final String wireName = WireNames.of(this);
    private final List<String> keys;

    StepType(List<String> keys) {
        this.keys = keys;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * Whether an instance stops at a step of this type until someone decides (or its timeout passes), rather than
     * running it at once.
     */
    public boolean waitsForDecision() {
        return switch (this) {
            case APPROVAL -> true;
            case ACTION, CONDITION -> false;
        };
    }

    /** Every key a step of this type may carry, {@code id} and {@code type} first. */
    public List<String> keys() {
        List<String> all = new ArrayList<>(List.of("id", "type"));
        all.addAll(keys);
        return all;
    }

    @Override
    public String toString() {
        return wireName;
    }

    /** The value of a wire name, or null. */
    public static StepType parse(Object v) {
        return WireNames.parse(StepType.class, v);
    }
}
