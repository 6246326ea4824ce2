package dev.rocket.metadata;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/** Turns a relation definition into a {@link RelationDef} checked against the entities that exist, or a 422. */
public final class RelationParser {
    private static final List<OnDelete> ON_DELETE_FK = List.of(OnDelete.CASCADE, OnDelete.SET_NULL, OnDelete.RESTRICT);
    private static final List<OnDelete> ON_DELETE_M2M = List.of(OnDelete.CASCADE, OnDelete.DETACH, OnDelete.RESTRICT);
    private static final List<String> FETCH = List.of("lazy", "eager");
    /** The keys of a relation definition. */
    public static final List<String> KEYS = List.of("name", "type", "source", "target", "source_key", "target_key",
            "join_table", "source_join_key", "target_join_key", "ownership", "on_delete", "fetch", "write_mode");

    private RelationParser() {
    }

    /** Strict check of an admin or imported relation: unknown keys → 422 naming them and the allowed ones. */
    public static void checkKeys(Map<String, Object> body) {
        Problems p = new Problems();
        Keys.unknown(body, "", KEYS, p);
        p.throwIfAny();
    }

    public static RelationDef parse(Map<String, Object> body, Schema registry) {
        Problems p = new Problems();
        Object name = body.get("name");
        if (name == null || "".equals(name)) {
            p.add("name", "relation name is required");
        } else if (!Names.isIdent(name)) {
            p.add("name", "relation name must match ^[a-z][a-z0-9_]*$ and be at most 63 characters");
        }
        RelationType type = RelationType.parse(body.get("type"));
        if (type == null) {
            p.add("type", "invalid relation type: " + body.get("type") + " (allowed: "
                    + String.join(", ", RelationType.NAMES) + ")");
        }
        Object source = body.get("source");
        Object target = body.get("target");
        EntityDef src = null;
        EntityDef tgt = null;
        if (source == null || target == null || "".equals(source) || "".equals(target)) {
            p.add("source and target are required");
        } else {
            src = source instanceof String s ? registry.entity(s) : null;
            tgt = target instanceof String s ? registry.entity(s) : null;
            if (src == null) {
                p.add("source", "source entity not found: " + source);
            }
            if (tgt == null) {
                p.add("target", "target entity not found: " + target);
            }
        }
        String sourceKey = str(body.get("source_key"));
        if (sourceKey == null && src != null) {
            sourceKey = src.pkField();
        }
        String targetKey = str(body.get("target_key"));
        String joinTable = str(body.get("join_table"));
        String sourceJoinKey = str(body.get("source_join_key"));
        String targetJoinKey = str(body.get("target_join_key"));
        Object rawOnDelete = body.get("on_delete");
        OnDelete onDelete = rawOnDelete == null ? (type == RelationType.MANY_TO_MANY ? OnDelete.DETACH : OnDelete.RESTRICT)
                : OnDelete.parse(rawOnDelete);
        Object fetch = body.getOrDefault("fetch", "lazy");
        if (fetch == null) {
            fetch = "lazy";
        }
        if (!FETCH.contains(fetch)) {
            p.add("fetch", "fetch must be lazy or eager (got " + fetch + ")");
        }
        Object rawWriteMode = body.get("write_mode");
        WriteMode writeMode = rawWriteMode == null ? WriteMode.DIFF : WriteMode.parse(rawWriteMode);
        if (writeMode == null) {
            p.add("write_mode", "write_mode must be diff, replace or append (got " + rawWriteMode + ")");
        }
        Object ownership = body.get("ownership");
        if (ownership != null && !(ownership instanceof String)) {
            p.add("ownership", "ownership must be a string");
        }
        if (src != null && (sourceKey == null || src.field(sourceKey) == null)) {
            p.add("source_key", "source_key " + sourceKey + " is not a field of " + src.name());
        }
        if (type == RelationType.MANY_TO_MANY) {
            if (joinTable == null) {
                p.add("join_table", "join_table is required for many_to_many relations");
            } else if (!Names.isIdent(joinTable)) {
                p.add("join_table", "join_table must match ^[a-z][a-z0-9_]*$");
            } else if (registry.tableInUse(joinTable)) {
                p.add("join_table", "join_table " + joinTable + " is the table of an entity");
            }
            if (!Names.isIdent(sourceJoinKey)) {
                p.add("source_join_key", "source_join_key is required and must match ^[a-z][a-z0-9_]*$");
            }
            if (!Names.isIdent(targetJoinKey)) {
                p.add("target_join_key", "target_join_key is required and must match ^[a-z][a-z0-9_]*$");
            }
            if (sourceJoinKey != null && sourceJoinKey.equals(targetJoinKey)) {
                p.add("target_join_key", "source_join_key and target_join_key must differ");
            }
            if (onDelete == null || !ON_DELETE_M2M.contains(onDelete)) {
                p.add("on_delete", "on_delete of a many_to_many relation must be cascade, detach or restrict (got "
                        + rawOnDelete + ")");
            }
        } else if (type != null) {
            if (targetKey == null) {
                p.add("target_key", "target_key is required for " + type.wireName() + " relations");
            } else if (tgt != null && tgt.field(targetKey) == null) {
                p.add("target_key", "target_key " + targetKey + " is not a field of " + tgt.name());
            } else if (tgt != null && src != null && sourceKey != null && src.field(sourceKey) != null
                    && !compatible(src.field(sourceKey).type(), tgt.field(targetKey).type())) {
                p.add("target_key", "target_key " + targetKey + " (" + tgt.field(targetKey).type().wireName()
                        + ") cannot hold source_key " + sourceKey + " (" + src.field(sourceKey).type().wireName() + ")");
            }
            if (onDelete == null || !ON_DELETE_FK.contains(onDelete)) {
                p.add("on_delete", "on_delete of a " + type.wireName() + " relation must be cascade, set_null or restrict (got "
                        + rawOnDelete + ")");
            } else if (onDelete == OnDelete.SET_NULL && tgt != null && targetKey != null && tgt.field(targetKey) != null
                    && tgt.field(targetKey).notNull()) {
                p.add("on_delete", "on_delete set_null needs a nullable target_key; " + targetKey + " is required");
            }
        }
        p.throwIfAny();
        Map<String, Object> def = new LinkedHashMap<>(body);
        return new RelationDef((String) name, type, (String) source, (String) target, sourceKey, targetKey,
                joinTable, sourceJoinKey, targetJoinKey, ownership == null ? "none" : (String) ownership, onDelete,
                "eager".equals(fetch), writeMode, def);
    }

    static boolean compatible(FieldType a, FieldType b) {
        if (a == b) {
            return true;
        }
        if (a.isInteger() && b.isInteger()) {
            return true;
        }
        return a.isText() && b.isText();
    }

    private static String str(Object v) {
        return v instanceof String s && !s.isEmpty() ? s : null;
    }
}
