package dev.rocket.write;

import dev.rocket.error.ApiException;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.FieldType;
import dev.rocket.metadata.Registry;
import dev.rocket.metadata.RelationDef;
import dev.rocket.metadata.RelationType;
import dev.rocket.metadata.Values;
import dev.rocket.metadata.WriteMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Payload → {@link RowPlan} tree, validated as a whole before any SQL runs (docs/writes.md#validation,
 * docs/writes.md#nested-writes): fields are coerced by type, required/enum/unknown keys checked, relation keys parsed as nested
 * writes. Every problem becomes a detail carrying its path (relation, index, field); one 422 lists them all.
 */
public final class WritePlanner {
    private static final int MAX_NESTED_ROWS = 10_000;
    private static final int MAX_DEPTH = 8;

    private final Registry registry;
    private final List<Map<String, Object>> problems = new ArrayList<>();
    private int rowCount;

    public WritePlanner(Registry registry) {
        this.registry = registry;
    }

    public RowPlan planCreate(EntityDef e, Map<String, Object> body) {
        RowPlan p = row(e, body, true, null, null, -1, 0, null);
        throwIfProblems();
        return p;
    }

    public RowPlan planUpdate(EntityDef e, Object pk, Map<String, Object> body) {
        RowPlan p = row(e, body, false, null, null, -1, 0, pk);
        throwIfProblems();
        return p;
    }

    private void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw ApiException.validation("Validation failed", problems);
        }
    }

    /**
     * @param fk the foreign-key field the engine fills for a nested child (exempt from required)
     * @param rel the relation this row is nested under (null at top level)
     */
    private RowPlan row(EntityDef e, Map<String, Object> body, boolean create, String fk, RelationDef rel,
                        int index, int depth, Object pk) {
        Map<String, Object> values = new LinkedHashMap<>();
        List<RowPlan.NestedPlan> nested = new ArrayList<>();
        boolean delete = false;
        for (Map.Entry<String, Object> en : body.entrySet()) {
            String k = en.getKey();
            Object v = en.getValue();
            FieldDef f = e.field(k);
            if (f != null) {
                if (f.isAuto() || k.equals("deleted_at") || (k.equals(e.pkField()) && (e.pkGenerated() || !create))) {
                    continue; // engine-managed: ignored when sent
                }
                if (k.equals(fk)) {
                    continue; // forced to the parent's key
                }
                try {
                    Object coerced = f.type() == FieldType.FILE ? FileFields.coerce(v)
                            : Values.coerce(f.type(), f.precision(), v);
                    if (coerced != null && f.enumValues() != null && !f.enumValues().contains(String.valueOf(v))) {
                        problem(rel, index, k, "enum", k + " must be one of: " + String.join(", ", f.enumValues()));
                    }
                    values.put(k, coerced);
                } catch (Values.TypeMismatch ex) {
                    problem(rel, index, k, "type", k + " " + ex.getMessage());
                }
                continue;
            }
            if (k.equals("deleted_at") && e.softDelete()) {
                continue; // bookkeeping column of soft delete: never written by clients (docs/metadata.md#fields)
            }
            if (k.equals("_delete") && rel != null) {
                if (!(v instanceof Boolean) && v != null) {
                    problem(rel, index, k, "type", "_delete must be a boolean");
                }
                delete = Boolean.TRUE.equals(v);
                continue;
            }
            Registry.Link link = registry.resolve(e.name(), k); // by relation name, else by the target's name
            RelationDef r = link != null && link.forward() ? link.relation() : null;
            if (r != null && v instanceof Map<?, ?> m && m.get("data") instanceof List<?>) {
                if (depth >= MAX_DEPTH) {
                    problem(rel, index, k, "depth", "nested writes are limited to " + MAX_DEPTH + " levels");
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> spec = (Map<String, Object>) m;
                nested.add(nested(r, spec, depth + 1));
                continue;
            }
            problem(rel, index, k, "unknown", unknownKey(e, k, v, link));
        }
        if (create && !delete) {
            for (FieldDef f : e.fields()) {
                if (f.isAuto() || f.name().equals(fk) || f.name().equals("deleted_at")) {
                    continue;
                }
                boolean isPk = f.name().equals(e.pkField());
                if (isPk && e.pkGenerated()) {
                    continue;
                }
                boolean mustHave = isPk || (f.required() && !f.nullable());
                if (!mustHave) {
                    continue;
                }
                Object v = values.get(f.name());
                boolean absent = !body.containsKey(f.name());
                if ((absent && f.defaultValue() == null) || (!absent && (v == null || "".equals(v)))) {
                    if (!hasProblem(rel, index, f.name())) {
                        problem(rel, index, f.name(), "required", f.name() + " is required");
                    }
                }
            }
        } else if (!create) {
            for (Map.Entry<String, Object> en : values.entrySet()) {
                FieldDef f = e.field(en.getKey());
                if (f.required() && !f.nullable() && (en.getValue() == null || "".equals(en.getValue()))) {
                    problem(rel, index, f.name(), "required", f.name() + " is required");
                }
            }
        }
        return new RowPlan(e, values, pk, delete, nested, index);
    }

    /**
     * Why key {@code k} of a payload is not written: a relation in the wrong shape or direction is named
     * as such (with the shape a nested write takes), anything else is an unknown field or relation.
     */
    static String unknownKey(EntityDef e, String k, Object v, Registry.Link link) {
        if (link == null) {
            return "Unknown field or relation: " + k;
        }
        if (!link.forward()) {
            RelationDef r = link.relation();
            return k + " is the relation " + r.name() + " from " + r.source() + " to " + e.name()
                    + ": nested writes go from its source (" + r.source() + "); here set the field "
                    + (r.isManyToMany() ? "through " + r.source() : r.targetKey()) + " instead";
        }
        return k + " is a relation: a nested write is an object {\"data\": [rows…]} with an optional \"_write_mode\" ("
                + String.join(", ", WriteMode.NAMES) + "), not " + (v instanceof List<?> ? "an array" : "this value");
    }

    private RowPlan.NestedPlan nested(RelationDef r, Map<String, Object> spec, int depth) {
        Object modeRaw = spec.get("_write_mode");
        WriteMode mode = modeRaw == null ? r.writeMode() : WriteMode.parse(modeRaw);
        if (mode == null) {
            problem(r, -1, "_write_mode", "write_mode", "Unknown write mode: " + modeRaw + " (allowed: "
                    + String.join(", ", WriteMode.NAMES) + ")");
            mode = WriteMode.DIFF;
        }
        for (String key : spec.keySet()) {
            if (!key.equals("data") && !key.equals("_write_mode")) {
                problem(r, -1, key, "unknown", "Unknown key in nested write: " + key);
            }
        }
        List<?> data = (List<?>) spec.get("data");
        EntityDef child = registry.entity(r.target());
        List<RowPlan> rows = new ArrayList<>();
        if (child == null) {
            problem(r, -1, null, "relation", "Target entity of " + r.name() + " does not exist");
            return new RowPlan.NestedPlan(r, mode, rows);
        }
        for (int i = 0; i < data.size(); i++) {
            if (++rowCount > MAX_NESTED_ROWS) {
                problem(r, i, null, "size", "A request writes at most " + MAX_NESTED_ROWS + " nested rows");
                break;
            }
            Object item = data.get(i);
            if (!(item instanceof Map<?, ?>)) {
                problem(r, i, null, "type", "Each item of " + r.name() + ".data must be an object");
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> rowBody = (Map<String, Object>) item;
            Object rawPk = rowBody.get(child.pkField());
            if (rawPk == null && r.isManyToMany()) {
                rawPk = rowBody.get("id");
            }
            Object pk = null;
            if (rawPk != null) {
                try {
                    pk = Values.coerce(child.pkType(), null, rawPk);
                } catch (Values.TypeMismatch ex) {
                    problem(r, i, child.pkField(), "type", child.pkField() + " " + ex.getMessage());
                    continue;
                }
            }
            if (r.isManyToMany()) {
                if (pk == null) {
                    continue; // rows without an id are skipped (docs/writes.md#nested-writes)
                }
                Object del = rowBody.get("_delete");
                if (del != null && !(del instanceof Boolean)) {
                    problem(r, i, "_delete", "type", "_delete must be a boolean");
                }
                rows.add(new RowPlan(child, Map.of(), pk, Boolean.TRUE.equals(del), List.of(), i));
                continue;
            }
            boolean create = pk == null;
            Map<String, Object> b = rowBody;
            if (!create) {
                b = new LinkedHashMap<>(rowBody);
                b.remove(child.pkField());
            }
            rows.add(row(child, b, create, r.targetKey(), r, i, depth, pk));
        }
        if (r.type() == RelationType.ONE_TO_ONE) {
            long live = rows.stream().filter(x -> !x.delete()).count();
            if (live > 1) {
                problem(r, -1, null, "one_to_one", r.name() + " is one_to_one: at most one row may be written");
            }
        }
        return new RowPlan.NestedPlan(r, mode, rows);
    }

    private void problem(RelationDef rel, int index, String field, String rule, String message) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (rel != null) {
            d.put("relation", rel.name());
            if (index >= 0) {
                d.put("index", index);
            }
        }
        if (field != null) {
            d.put("field", field);
        }
        d.put("rule", rule);
        d.put("message", message);
        problems.add(d);
    }

    private boolean hasProblem(RelationDef rel, int index, String field) {
        for (Map<String, Object> d : problems) {
            if (field.equals(d.get("field")) && (rel == null ? !d.containsKey("relation")
                    : rel.name().equals(d.get("relation")) && Integer.valueOf(index).equals(d.get("index")))) {
                return true;
            }
        }
        return false;
    }
}
