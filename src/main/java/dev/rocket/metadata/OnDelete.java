package dev.rocket.metadata;

import java.util.Arrays;
import java.util.List;

/** What deleting a relation's source row does to its targets (or join rows). */
public enum OnDelete {
    CASCADE("cascade"), SET_NULL("set_null"), RESTRICT("restrict"), DETACH("detach");

    /** The wire names, in order, for messages that list what is allowed. */
    public static final List<String> NAMES = Arrays.stream(values()).map(OnDelete::wireName).toList();

    private final String wireName;

    OnDelete(String wireName) {
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
    public static OnDelete parse(Object v) {
        for (OnDelete x : values()) {
            if (x.wireName.equals(v)) {
                return x;
            }
        }
        return null;
    }
}
