package dev.rocket.metadata;

import dev.rocket.db.SqlFragment;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entity (docs/metadata.md#entities), validated and prepared: fields by name, quoted identifiers and the select
 * list are computed once when the registry is built, never per request.
 */
public final class EntityDef {
    private final String name;
    private final String table;
    private final boolean softDelete;
    private final String pkField;
    private final FieldType pkType;
    private final boolean pkGenerated;
    private final List<FieldDef> fields;
    private final Map<String, FieldDef> byName;
    private final Map<String, Object> definition;
    private final String quotedTable;
    private final String selectList;

    public EntityDef(String name, String table, boolean softDelete, String pkField, FieldType pkType,
                     boolean pkGenerated, List<FieldDef> fields, Map<String, Object> definition) {
        this.name = name;
        this.table = table;
        this.softDelete = softDelete;
        this.pkField = pkField;
        this.pkType = pkType;
        this.pkGenerated = pkGenerated;
        this.fields = List.copyOf(fields);
        Map<String, FieldDef> m = new LinkedHashMap<>();
        for (FieldDef f : fields) {
            m.put(f.name(), f);
        }
        this.byName = Collections.unmodifiableMap(m);
        this.definition = definition;
        this.quotedTable = SqlFragment.ident(table);
        StringBuilder sb = new StringBuilder();
        for (FieldDef f : fields) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append("t.").append(f.quoted());
        }
        if (softDelete && !byName.containsKey("deleted_at")) {
            sb.append(", t.\"deleted_at\"");
        }
        this.selectList = sb.toString();
    }

    public String name() {
        return name;
    }

    /** The names of the fields, in definition order (for messages that list them). */
    public List<String> fieldNames() {
        return List.copyOf(byName.keySet());
    }

    public String table() {
        return table;
    }

    public boolean softDelete() {
        return softDelete;
    }

    public String pkField() {
        return pkField;
    }

    public FieldType pkType() {
        return pkType;
    }

    public boolean pkGenerated() {
        return pkGenerated;
    }

    public FieldDef pk() {
        return byName.get(pkField);
    }

    public List<FieldDef> fields() {
        return fields;
    }

    public FieldDef field(String n) {
        return byName.get(n);
    }

    public boolean hasField(String n) {
        return byName.containsKey(n);
    }

    /** The definition as submitted (for the admin API and export). */
    public Map<String, Object> definition() {
        return definition;
    }

    public String quotedTable() {
        return quotedTable;
    }

    /** {@code t."a", t."b", …} including {@code deleted_at} for soft-delete entities. */
    public String selectList() {
        return selectList;
    }

    /** The live-row condition on alias {@code alias}, or empty for hard-delete entities. */
    public String liveCondition(String alias) {
        return softDelete ? alias + ".\"deleted_at\" IS NULL" : "";
    }
}
