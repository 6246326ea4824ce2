package dev.rocket.metadata;

import dev.rocket.db.SqlFragment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an entity definition (JSON) into an {@link EntityDef}, or a 422 listing every problem. Nothing
 * is stored or migrated unless this passes.
 */
public final class EntityParser {
    private static final Set<FieldType> PK_TYPES = Set.of(FieldType.UUID, FieldType.INT, FieldType.BIGINT, FieldType.STRING);
    private static final int MAX_FIELDS = 1000;

    /** The keys of an entity, of one of its fields and of its primary key. */
    public static final List<String> KEYS = List.of("name", "table", "soft_delete", "primary_key", "fields");
    public static final List<String> FIELD_KEYS = List.of("name", "type", "required", "unique", "index", "default",
            "nullable", "enum", "precision", "auto");
    public static final List<String> PRIMARY_KEY_KEYS = List.of("field", "type", "generated");
    private static final List<String> AUTO = List.of("create", "update");

    private EntityParser() {
    }

    /**
     * Strict check of an admin or imported entity: unknown keys (also in its fields and primary key) →
     * 422 naming them and the allowed ones. Stored entities are loaded without it, so an entity saved
     * before keeps working.
     */
    public static void checkKeys(Map<String, Object> body) {
        Problems p = new Problems();
        if (body.containsKey("relations")) {
            p.add("relations", "unknown", "unknown key relations: relations are defined on their own, with POST "
                    + "/_admin/relations (allowed keys of an entity: " + String.join(", ", KEYS) + ")");
        }
        Map<String, Object> rest = new LinkedHashMap<>(body);
        rest.remove("relations");
        Keys.unknown(rest, "", KEYS, p);
        if (body.get("primary_key") instanceof Map<?, ?> pk) {
            Map<Object, Object> keys = new LinkedHashMap<>(pk);
            keys.remove("fields"); // composite keys have their own message
            Keys.unknown(keys, "primary_key", PRIMARY_KEY_KEYS, p);
        }
        if (body.get("fields") instanceof List<?> l) {
            for (int i = 0; i < l.size() && i < MAX_FIELDS; i++) {
                Keys.unknown(l.get(i), Keys.path("fields", i), FIELD_KEYS, p);
            }
        }
        p.throwIfAny();
    }

    public static EntityDef parse(Map<String, Object> body) {
        Problems p = new Problems();
        Object name = body.get("name");
        if (name == null || "".equals(name)) {
            p.add("name", "entity name is required");
        } else if (!Names.isIdent(name)) {
            p.add("name", "entity name must match ^[a-z][a-z0-9_]*$ and be at most 63 characters");
        } else if (Names.isReservedEntity((String) name)) {
            p.add("name", "entity name is reserved: " + name);
        }
        Object table = body.get("table");
        if (table == null || "".equals(table)) {
            p.add("table", "table name is required");
        } else if (!Names.isIdent(table)) {
            p.add("table", "table name must match ^[a-z][a-z0-9_]*$ and be at most 63 characters");
        }
        Object sd = body.getOrDefault("soft_delete", Boolean.TRUE);
        if (sd == null) {
            sd = Boolean.TRUE;
        }
        if (!(sd instanceof Boolean)) {
            p.add("soft_delete", "soft_delete must be a boolean");
        }
        List<FieldDef> fields = new ArrayList<>();
        Object rawFields = body.get("fields");
        if (!(rawFields instanceof List<?> list) || list.isEmpty()) {
            p.add("fields", "entity must have at least one field");
        } else if (list.size() > MAX_FIELDS) {
            p.add("fields", "an entity has at most " + MAX_FIELDS + " fields");
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                FieldDef f = parseField(list.get(i), i, p);
                if (f != null) {
                    if (!seen.add(f.name())) {
                        p.add(Keys.path("fields", i) + ".name", Keys.path("fields", i) + ".name: duplicate field: " + f.name());
                    } else {
                        fields.add(f);
                    }
                }
            }
        }
        String pkField = null;
        FieldType pkType = null;
        boolean generated = false;
        Object rawPk = body.get("primary_key");
        Map<String, Object> definition = new LinkedHashMap<>(body);
        if (rawPk instanceof String shortForm && !shortForm.isEmpty()) {
            // "primary_key": "id" names the key field; its type comes from the field, and uuid, int and
            // bigint keys are generated (string keys are sent by the client). Stored in the long form.
            FieldDef kf = fields.stream().filter(x -> x.name().equals(shortForm)).findFirst().orElse(null);
            Map<String, Object> longForm = new LinkedHashMap<>();
            longForm.put("field", shortForm);
            if (kf != null) {
                longForm.put("type", kf.type().wireName());
                longForm.put("generated", kf.type() != FieldType.STRING && PK_TYPES.contains(kf.type()));
            }
            rawPk = longForm;
            definition.put("primary_key", longForm);
        }
        if (rawPk != null && !(rawPk instanceof Map<?, ?>)) {
            p.add("primary_key", "primary_key must be the key field's name (\"id\") or an object such as "
                    + "{\"field\": \"id\", \"type\": \"uuid\", \"generated\": true}");
        } else if (!(rawPk instanceof Map<?, ?> pk) || pk.get("field") == null || "".equals(pk.get("field"))) {
            p.add("primary_key", "primary key field is required: \"primary_key\": {\"field\": \"id\", \"type\": "
                    + "\"uuid\", \"generated\": true} (or just \"primary_key\": \"id\")");
        } else {
            if (pk.containsKey("fields")) {
                p.add("primary_key", "composite primary keys are not supported");
            }
            Object pf = pk.get("field");
            FieldDef f = pf instanceof String s ? fields.stream().filter(x -> x.name().equals(s)).findFirst().orElse(null) : null;
            if (f == null) {
                p.add("primary_key", "primary key field " + pf + " not found in fields");
            } else {
                pkField = f.name();
                Object pt = pk.get("type");
                pkType = pt == null ? f.type() : FieldType.parse(pt instanceof String s ? s : null);
                if (pkType == null || !PK_TYPES.contains(pkType)) {
                    p.add("primary_key.type", "primary key type must be uuid, int, bigint or string");
                } else if (pkType != f.type()) {
                    p.add("primary_key", "primary key type " + pkType.wireName() + " does not match field type "
                            + f.type().wireName());
                }
                Object g = pk.get("generated");
                if (g != null && !(g instanceof Boolean)) {
                    p.add("primary_key", "primary_key.generated must be a boolean");
                } else {
                    generated = Boolean.TRUE.equals(g);
                }
                if (generated && pkType == FieldType.STRING) {
                    p.add("primary_key", "a string primary key cannot be generated");
                }
                if (f.isAuto()) {
                    p.add("primary_key", "the primary key cannot be an auto field");
                }
            }
        }
        p.throwIfAny();
        return new EntityDef((String) name, (String) table, (Boolean) sd, pkField, pkType, generated, fields,
                definition);
    }

    private static FieldDef parseField(Object raw, int index, Problems p) {
        String at = Keys.path("fields", index);
        if (!(raw instanceof Map<?, ?> m)) {
            p.add(at, at + " must be an object");
            return null;
        }
        Object name = m.get("name");
        if (!Names.isIdent(name)) {
            p.add(at + ".name", at + ".name: field name must match ^[a-z][a-z0-9_]*$ and be at most 63 characters: " + name);
            return null;
        }
        String n = (String) name;
        Object typeName = m.get("type");
        FieldType type = typeName instanceof String s ? FieldType.parse(s) : null;
        if (type == null) {
            p.add(at + ".type", at + ".type: unknown field type for " + n + ": " + typeName + " (allowed: "
                    + String.join(", ", FieldType.NAMES) + ")");
            return null;
        }
        boolean ok = true;
        Boolean required = bool(m, "required", n, at, p);
        Boolean unique = bool(m, "unique", n, at, p);
        Boolean nullable = bool(m, "nullable", n, at, p);
        // a creation time is what lists sort on most ("newest first"): indexed unless the field says otherwise
        Boolean indexed = m.containsKey("index") ? bool(m, "index", n, at, p)
                : Boolean.valueOf("create".equals(m.get("auto")) && type == FieldType.TIMESTAMP);
        if (required == null || unique == null || nullable == null || indexed == null) {
            ok = false;
        }
        Integer precision = null;
        Object pr = m.get("precision");
        if (pr != null) {
            if (!(pr instanceof Integer i) || i < 0 || i > 18) {
                p.add(at + ".precision", at + ".precision: precision of " + n + " must be an integer from 0 to 18");
                ok = false;
            } else {
                precision = i;
            }
        }
        List<String> enumValues = null;
        Object en = m.get("enum");
        if (en != null) {
            if (!(en instanceof List<?> l) || l.isEmpty() || !l.stream().allMatch(x -> x instanceof String)) {
                p.add(at + ".enum", at + ".enum: enum of " + n + " must be a non-empty array of strings");
                ok = false;
            } else {
                enumValues = l.stream().map(String.class::cast).toList();
            }
        }
        Object auto = m.get("auto");
        if (auto != null && !AUTO.contains(auto)) {
            p.add(at + ".auto", at + ".auto: auto of " + n + " must be \"create\" or \"update\"");
            ok = false;
        } else if (auto != null && type != FieldType.TIMESTAMP) {
            p.add(at + ".auto", at + ".auto: auto fields must be of type timestamp: " + n);
            ok = false;
        }
        if (Boolean.TRUE.equals(indexed) && (type == FieldType.JSON || type == FieldType.FILE)) {
            p.add(at + ".index", at + ".index: index is not available for " + type.wireName() + " fields: " + n);
            ok = false;
        }
        Object def = m.get("default");
        if (def != null) {
            try {
                def = Values.coerce(type, precision, def);
                if (enumValues != null && !enumValues.contains(String.valueOf(m.get("default")))) {
                    p.add(at + ".default", at + ".default: default of " + n + " must be one of its enum values ("
                            + String.join(", ", enumValues) + ")");
                    ok = false;
                }
            } catch (Values.TypeMismatch e) {
                p.add(at + ".default", at + ".default: default of " + n + " does not match its type " + type.wireName());
                ok = false;
            }
        }
        if (!ok) {
            return null;
        }
        return new FieldDef(n, type, required, unique, indexed, m.get("default"), nullable, enumValues, precision,
                (String) auto, SqlFragment.ident(n));
    }

    private static Boolean bool(Map<?, ?> m, String key, String field, String at, Problems p) {
        Object v = m.get(key);
        if (v == null) {
            return Boolean.FALSE;
        }
        if (!(v instanceof Boolean b)) {
            p.add(at + "." + key, at + "." + key + ": " + key + " of " + field + " must be a boolean");
            return null;
        }
        return b;
    }
}
