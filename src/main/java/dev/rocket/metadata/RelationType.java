package dev.rocket.metadata;

import java.util.List;

/** Relation kinds of docs/metadata.md#relations. */
public enum RelationType {
    ONE_TO_ONE, ONE_TO_MANY, MANY_TO_MANY;

    /** The wire names, in order, for messages that list what is allowed. */
    public static final List<String> NAMES = WireNames.of(values());

    private final String wireName = WireNames.of(this);

    public String wireName() {
        return wireName;
    }

    /** The value of a wire name, or null. */
    public static RelationType parse(Object v) {
        return WireNames.parse(RelationType.class, v);
    }
}
