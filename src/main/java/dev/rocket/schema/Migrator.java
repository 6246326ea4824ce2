package dev.rocket.schema;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.error.ApiException;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.FieldType;
import dev.rocket.metadata.RelationDef;
import dev.rocket.metadata.Schema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Metadata → DDL (docs/metadata.md#how-tables-follow-the-metadata), additive only: creates tables, adds columns, widens types safely, adds
 * NOT NULL only when no row is NULL, maintains unique, field ({@code index: true}) and soft-delete indexes,
 * foreign-key indexes and many-to-many join tables. Never drops a column or a table. Runs on the caller's transaction, so the
 * metadata row and its DDL commit or roll back together.
 */
public final class Migrator {
    private Migrator() {
    }

    /** An existing column as PostgreSQL reports it; {@code defaultExpr} its DEFAULT (or null). */
    public record Column(String name, String udtName, boolean nullable, Integer scale, String defaultExpr,
                         boolean identity) {
        public Column(String name, String udtName, boolean nullable, Integer scale) {
            this(name, udtName, nullable, scale, null, false);
        }

        /** Whether the database fills the column when an insert leaves it out. */
        public boolean generated() {
            return identity || defaultExpr != null;
        }
    }

    /** What to run for an entity, decided without touching the database (so it can be unit-tested). */
    public record Plan(List<String> statements, List<String> needsNullCheck) {
    }

    public static void migrate(Connection c, EntityDef e) throws SQLException {
        Map<String, Column> existing = columns(c, e.table());
        Plan plan = plan(e, existing, existing == null ? Map.of() : indexes(c, e.table()));
        for (String field : plan.needsNullCheck()) {
            long nulls = Jdbc.queryLong(c, SqlFragment.of("SELECT COUNT(*) FROM " + e.quotedTable()
                    + " WHERE " + Ddl.ident(field) + " IS NULL"));
            if (nulls > 0) {
                throw ApiException.validation("Cannot make " + field + " required: " + nulls
                        + " existing rows have no value");
            }
        }
        for (String sql : plan.statements()) {
            try {
                Jdbc.execute(c, sql);
            } catch (SQLException ex) {
                if ("23505".equals(ex.getSQLState())) {
                    throw ApiException.validation("Cannot add a unique index to " + e.table()
                            + ": existing rows have duplicate values");
                }
                if ("42804".equals(ex.getSQLState()) || ex.getSQLState() != null && ex.getSQLState().startsWith("22")) {
                    throw ApiException.validation("Cannot migrate " + e.table() + ": existing data does not fit ("
                            + ex.getMessage() + ")");
                }
                throw ex;
            }
        }
    }

    /** {@link #plan(EntityDef, Map, Map)} for a table without indexes of Rocket's names. */
    public static Plan plan(EntityDef e, Map<String, Column> existing) {
        return plan(e, existing, Map.of());
    }

    /**
     * Decides the DDL for an entity given its table's current columns (null when the table is missing) and
     * its existing indexes (name → unique).
     */
    public static Plan plan(EntityDef e, Map<String, Column> existing, Map<String, Boolean> indexes) {
        List<String> sql = new ArrayList<>();
        List<String> nullChecks = new ArrayList<>();
        String table = e.quotedTable();
        boolean declaresDeletedAt = e.hasField("deleted_at");
        if (existing == null) {
            List<String> cols = new ArrayList<>();
            for (FieldDef f : e.fields()) {
                cols.add(columnDefinition(e, f));
            }
            if (e.softDelete() && !declaresDeletedAt) {
                cols.add("\"deleted_at\" TIMESTAMPTZ");
            }
            sql.add("CREATE TABLE " + table + " (" + String.join(", ", cols) + ")");
        } else {
            for (FieldDef f : e.fields()) {
                Column col = existing.get(f.name());
                if (col == null) {
                    addColumn(e, f, sql);
                } else if (!f.name().equals(e.pkField())) {
                    alterColumn(e, f, col, sql, nullChecks);
                } else {
                    alterKey(e, f, col, sql);
                }
            }
            if (e.softDelete() && !declaresDeletedAt && !existing.containsKey("deleted_at")) {
                sql.add("ALTER TABLE " + table + " ADD COLUMN \"deleted_at\" TIMESTAMPTZ");
            }
        }
        for (FieldDef f : e.fields()) {
            if (f.name().equals(e.pkField())) {
                continue;
            }
            String name = Ddl.indexName("idx", e.table(), f.name());
            String idx = Ddl.ident(name);
            if (f.unique()) {
                if (Boolean.FALSE.equals(indexes.get(name))) {
                    // a plain index of that name (the field was indexed, or is a relation's key): make it unique
                    sql.add("DROP INDEX " + idx);
                }
                sql.add("CREATE UNIQUE INDEX IF NOT EXISTS " + idx + " ON " + table + " (" + f.quoted() + ")");
            } else if (f.indexed()) {
                // partial on live rows for soft-delete entities, like every query Rocket sends: smaller, and
                // counts over it can be index-only
                sql.add("CREATE INDEX IF NOT EXISTS " + idx + " ON " + table + " (" + f.quoted() + ")"
                        + (e.softDelete() ? " WHERE \"deleted_at\" IS NULL" : ""));
            }
        }
        if (e.softDelete()) {
            sql.add("CREATE INDEX IF NOT EXISTS " + Ddl.ident(Ddl.indexName("idx", e.table(), "deleted_at"))
                    + " ON " + table + " (\"deleted_at\") WHERE \"deleted_at\" IS NULL");
        }
        return new Plan(sql, nullChecks);
    }

    private static String columnDefinition(EntityDef e, FieldDef f) {
        StringBuilder sb = new StringBuilder(f.quoted()).append(' ');
        if (f.name().equals(e.pkField())) {
            if (e.pkGenerated() && f.type() == FieldType.UUID) {
                sb.append("UUID PRIMARY KEY DEFAULT gen_random_uuid()");
            } else if (e.pkGenerated() && f.type().isInteger()) {
                sb.append(f.sqlType()).append(" GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
            } else {
                sb.append(f.sqlType()).append(" PRIMARY KEY");
            }
            return sb.toString();
        }
        sb.append(f.sqlType());
        if (f.notNull()) {
            sb.append(" NOT NULL");
        }
        String def = f.isAuto() ? "NOW()" : Ddl.defaultLiteral(f);
        if (def != null) {
            sb.append(" DEFAULT ").append(def);
        }
        return sb.toString();
    }

    private static void addColumn(EntityDef e, FieldDef f, List<String> sql) {
        String def = f.isAuto() ? "NOW()" : Ddl.defaultLiteral(f);
        StringBuilder sb = new StringBuilder("ALTER TABLE ").append(e.quotedTable()).append(" ADD COLUMN ")
                .append(f.quoted()).append(' ').append(f.sqlType());
        if (def != null) {
            sb.append(" DEFAULT ").append(def);
            if (f.notNull()) {
                sb.append(" NOT NULL"); // existing rows take the default
            }
            sql.add(sb.toString());
        } else {
            sql.add(sb.toString());
            // Without a default, existing rows are NULL: NOT NULL is set only if the table is empty.
            if (f.notNull()) {
                sql.add("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM " + e.quotedTable() + " WHERE " + f.quoted()
                        + " IS NULL) THEN ALTER TABLE " + e.quotedTable() + " ALTER COLUMN " + f.quoted()
                        + " SET NOT NULL; END IF; END $$");
            }
        }
    }

    private static void alterColumn(EntityDef e, FieldDef f, Column col, List<String> sql, List<String> nullChecks) {
        String table = e.quotedTable();
        String want = f.type().udtName();
        if (!want.equals(col.udtName())) {
            if (!safeWidening(col.udtName(), f.type())) {
                throw ApiException.validation("Cannot change type of " + f.name() + " from " + col.udtName()
                        + " to " + f.type().wireName() + ": only widening changes are allowed");
            }
            sql.add("ALTER TABLE " + table + " ALTER COLUMN " + f.quoted() + " TYPE " + f.sqlType()
                    + " USING " + f.quoted() + "::" + f.sqlType());
        } else if (f.type() == FieldType.DECIMAL && !Objects.equals(scaleOf(f), col.scale())) {
            Integer want2 = scaleOf(f);
            // unbounded NUMERIC → NUMERIC(18,p), or a smaller scale, would round stored values
            if (want2 != null && (col.scale() == null || want2 < col.scale())) {
                throw ApiException.validation("Cannot change precision of " + f.name() + " from "
                        + (col.scale() == null ? "unbounded" : col.scale()) + " to " + want2
                        + ": stored values would be rounded");
            }
            sql.add("ALTER TABLE " + table + " ALTER COLUMN " + f.quoted() + " TYPE " + f.sqlType());
        }
        if (f.notNull() && col.nullable()) {
            nullChecks.add(f.name());
            sql.add("ALTER TABLE " + table + " ALTER COLUMN " + f.quoted() + " SET NOT NULL");
        } else if (!f.notNull() && !col.nullable()) {
            sql.add("ALTER TABLE " + table + " ALTER COLUMN " + f.quoted() + " DROP NOT NULL");
        }
        String def = f.isAuto() ? "NOW()" : Ddl.defaultLiteral(f);
        if (def != null) {
            sql.add("ALTER TABLE " + table + " ALTER COLUMN " + f.quoted() + " SET DEFAULT " + def);
        }
    }

    /**
     * The key column of an existing table gets what the definition asks: a generated key its default
     * (uuid) or identity (int, bigint, numbered on from the highest existing key), a client-sent key none.
     * So an entity changed to a generated key, or defined again on its old table, accepts creates without
     * an id.
     */
    private static void alterKey(EntityDef e, FieldDef f, Column col, List<String> sql) {
        String table = e.quotedTable();
        String alter = "ALTER TABLE " + table + " ALTER COLUMN " + f.quoted();
        if (e.pkGenerated() && !col.generated()) {
            if (f.type() == FieldType.UUID) {
                sql.add(alter + " SET DEFAULT gen_random_uuid()");
            } else if (f.type().isInteger()) {
                sql.add(alter + " ADD GENERATED BY DEFAULT AS IDENTITY");
                sql.add("SELECT setval(pg_get_serial_sequence(" + Ddl.quote(table) + ", " + Ddl.quote(f.name()) + "), "
                        + "COALESCE(MAX(" + f.quoted() + "), 0) + 1, false) FROM " + table);
            }
        } else if (!e.pkGenerated() && col.identity()) {
            sql.add(alter + " DROP IDENTITY IF EXISTS");
        } else if (!e.pkGenerated() && col.defaultExpr() != null) {
            sql.add(alter + " DROP DEFAULT");
        }
    }

    private static Integer scaleOf(FieldDef f) {
        return f.precision() != null && f.precision() > 0 ? f.precision() : null;
    }

    /** int→bigint, int/bigint→decimal, text↔string/text; nothing else. */
    static boolean safeWidening(String fromUdt, FieldType to) {
        switch (fromUdt) {
            case "int2":
            case "int4":
                return to == FieldType.BIGINT || to == FieldType.DECIMAL || to == FieldType.INT;
            case "int8":
                return to == FieldType.DECIMAL || to == FieldType.BIGINT;
            case "varchar":
            case "text":
            case "bpchar":
                return to.isText();
            default:
                return false;
        }
    }

    /** Index on the foreign key of a one_to_one/one_to_many relation; join table for many_to_many. */
    public static void migrateRelation(Connection c, RelationDef r, Schema registry) throws SQLException {
        if (r.isManyToMany()) {
            EntityDef src = registry.entity(r.source());
            EntityDef tgt = registry.entity(r.target());
            String sType = src.field(r.sourceKey()).sqlType();
            String tType = tgt.pk().sqlType();
            String jt = Ddl.ident(r.joinTable());
            Map<String, Column> existing = columns(c, r.joinTable());
            if (existing != null && (!existing.containsKey(r.sourceJoinKey()) || !existing.containsKey(r.targetJoinKey())
                    || !existing.get(r.sourceJoinKey()).udtName().equals(src.field(r.sourceKey()).type().udtName())
                    || !existing.get(r.targetJoinKey()).udtName().equals(tgt.pk().type().udtName()))) {
                throw ApiException.validation("join_table " + r.joinTable() + " already exists without the columns "
                        + r.sourceJoinKey() + " (" + src.field(r.sourceKey()).type().wireName() + ") and "
                        + r.targetJoinKey() + " (" + tgt.pk().type().wireName() + ")");
            }
            Jdbc.execute(c, "CREATE TABLE IF NOT EXISTS " + jt + " (" + Ddl.ident(r.sourceJoinKey()) + " " + sType
                    + " NOT NULL, " + Ddl.ident(r.targetJoinKey()) + " " + tType + " NOT NULL, PRIMARY KEY ("
                    + Ddl.ident(r.sourceJoinKey()) + ", " + Ddl.ident(r.targetJoinKey()) + "))");
            Jdbc.execute(c, "CREATE INDEX IF NOT EXISTS " + Ddl.ident(Ddl.indexName("idx", r.joinTable(), r.targetJoinKey()))
                    + " ON " + jt + " (" + Ddl.ident(r.targetJoinKey()) + ")");
        } else {
            EntityDef tgt = registry.entity(r.target());
            Jdbc.execute(c, "CREATE INDEX IF NOT EXISTS " + Ddl.ident(Ddl.indexName("idx", tgt.table(), r.targetKey()))
                    + " ON " + tgt.quotedTable() + " (" + Ddl.ident(r.targetKey()) + ")");
        }
    }

    /** The table's indexes: name → unique. */
    static Map<String, Boolean> indexes(Connection c, String table) throws SQLException {
        Map<String, Boolean> out = new LinkedHashMap<>();
        for (Map<String, Object> row : Jdbc.query(c, SqlFragment.of(
                "SELECT i.relname AS name, x.indisunique AS is_unique FROM pg_index x "
                        + "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                        + "WHERE t.relname = ? AND t.relnamespace = current_schema()::regnamespace", table))) {
            out.put((String) row.get("name"), (Boolean) row.get("is_unique"));
        }
        return out;
    }

    /** The table's columns, or null when it does not exist. */
    static Map<String, Column> columns(Connection c, String table) throws SQLException {
        List<Map<String, Object>> rows = Jdbc.query(c, SqlFragment.of(
                "SELECT column_name, udt_name, is_nullable, numeric_scale, column_default, is_identity FROM information_schema.columns "
                        + "WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position", table));
        if (rows.isEmpty()) {
            boolean exists = Jdbc.queryLong(c, SqlFragment.of(
                    "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?",
                    table)) > 0;
            return exists ? new LinkedHashMap<>() : null;
        }
        Map<String, Column> out = new LinkedHashMap<>();
        for (Map<String, Object> r : rows) {
            Object scale = r.get("numeric_scale");
            out.put((String) r.get("column_name"), new Column((String) r.get("column_name"), (String) r.get("udt_name"),
                    "YES".equals(r.get("is_nullable")), scale == null ? null : ((Number) scale).intValue() == 0 ? null
                    : ((Number) scale).intValue(), (String) r.get("column_default"), "YES".equals(r.get("is_identity"))));
        }
        return out;
    }
}
