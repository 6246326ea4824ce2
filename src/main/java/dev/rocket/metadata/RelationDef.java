package dev.rocket.metadata;

import java.util.Map;

/**
 * One relation (docs/metadata.md#relations), validated. For one_to_one/one_to_many the foreign key {@code targetKey}
 * lives on the target; for many_to_many the pairs live in {@code joinTable}.
 */
public record RelationDef(String name, RelationType type, String source, String target, String sourceKey,
                          String targetKey, String joinTable, String sourceJoinKey, String targetJoinKey,
                          String ownership, OnDelete onDelete, boolean eager, WriteMode writeMode,
                          Map<String, Object> definition) {

    public boolean isManyToMany() {
        return switch (type) {
            case MANY_TO_MANY -> true;
            case ONE_TO_ONE, ONE_TO_MANY -> false;
        };
    }

    /** Includes of this relation return a list (o2m, m2m) rather than one object (o2o). */
    public boolean forwardIsList() {
        return switch (type) {
            case ONE_TO_MANY, MANY_TO_MANY -> true;
            case ONE_TO_ONE -> false;
        };
    }
}
