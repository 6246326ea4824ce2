package dev.rocket.metadata;

import java.util.Arrays;
import java.util.List;

/** How a nested write treats the current children of a relation: diff (default), replace, append. */
public enum WriteMode {
    DIFF("diff"), REPLACE("replace"), APPEND("append");

    /** The wire names, in order, for messages that list what is allowed. */
    public static final List<String> NAMES = Arrays.stream(values()).map(WriteMode::wireName).toList();

    private final String wireName;

    WriteMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }

    /** The value of a wire name, or null. */
    public static WriteMode parse(Object v) {
        for (WriteMode x : values()) {
            if (x.wireName.equals(v)) {
                return x;
            }
        }
        return null;
    }
}
