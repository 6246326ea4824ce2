package dev.rocket.metadata;

/** Relation kinds of docs/metadata.md#relations. */
public enum RelationType {
    ONE_TO_ONE("one_to_one"), ONE_TO_MANY("one_to_many"), MANY_TO_MANY("many_to_many");

    /** The wire names, in order, for messages that list what is allowed. */
    public static final java.util.List<String> NAMES = java.util.Arrays.stream(values()).map(RelationType::wireName).toList();

    private final String wireName;

    RelationType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static RelationType parse(Object v) {
        for (RelationType t : values()) {
            if (t.wireName.equals(v)) {
                return t;
            }
        }
        return null;
    }
}
