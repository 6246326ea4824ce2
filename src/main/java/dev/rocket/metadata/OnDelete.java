package dev.rocket.metadata;

import java.util.List;

/** What deleting a relation's source row does to its targets (or join rows). */
public enum OnDelete {
    CASCADE, SET_NULL, RESTRICT, DETACH;

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
    public static OnDelete parse(Object v) {
        return WireNames.parse(OnDelete.class, v);
    }
}
