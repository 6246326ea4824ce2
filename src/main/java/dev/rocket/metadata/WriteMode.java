package dev.rocket.metadata;

import java.util.List;

/** How a nested write treats the current children of a relation: diff (default), replace, append. */
public enum WriteMode {
    DIFF, REPLACE, APPEND;

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
    public static WriteMode parse(Object v) {
        return WireNames.parse(WriteMode.class, v);
    }
}
