package dev.rocket.admin;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.error.ApiException;
import dev.rocket.metadata.RelationDef;
import dev.rocket.metadata.RelationParser;
import dev.rocket.metadata.Schema;
import dev.rocket.schema.Migrator;
import dev.rocket.tenancy.AppContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Admin API, export and import of relations ({@code /_admin/relations/{name}}): validated against the schema read
 * under the metadata lock, stored with their index or join table in one transaction, like entities.
 */
public final class RelationStore implements DefinitionStore {
    private static final String COLUMNS = "name, source, target, definition, created_at, updated_at";

    private final Consumer<AppContext> changed;

    /** @param changed called after every committed change (reload here, notify other nodes) */
    public RelationStore(Consumer<AppContext> changed) {
        this.changed = changed;
    }

    @Override
    public String path() {
        return "relations";
    }

    @Override
    public String section() {
        return "relations";
    }

    @Override
    public String key() {
        return "name";
    }

    @Override
    public List<Map<String, Object>> list(AppContext app) {
        return Tx.autoCommit(app.dataSource(), c -> Jdbc.query(c, SqlFragment.of(
                "SELECT " + COLUMNS + " FROM _relations ORDER BY name")));
    }

    @Override
    public Map<String, Object> get(AppContext app, String name) {
        Map<String, Object> row = Tx.autoCommit(app.dataSource(), c -> Jdbc.queryOne(c, SqlFragment.of(
                "SELECT " + COLUMNS + " FROM _relations WHERE name = ?", name)));
        if (row == null) {
            throw ApiException.notFound("Relation not found: " + name);
        }
        return row;
    }

    @Override
    public Map<String, Object> create(AppContext app, Map<String, Object> body) {
        Map<String, Object> row = Tx.inTransaction(app.dataSource(), c -> {
            EntityStore.lock(c);
            Schema current = Schema.load(c);
            RelationParser.checkKeys(body);
            RelationDef r = RelationParser.parse(body, current);
            if (exists(c, r.name())) {
                throw ApiException.conflict("Relation already exists: " + r.name());
            }
            return insert(c, r, current);
        });
        changed.accept(app);
        return row;
    }

    @Override
    public Map<String, Object> update(AppContext app, String name, Map<String, Object> body) {
        Map<String, Object> def = new LinkedHashMap<>(body);
        def.put("name", name);
        RelationParser.checkKeys(body);
        Map<String, Object> row = Tx.inTransaction(app.dataSource(), c -> {
            EntityStore.lock(c);
            Schema current = Schema.load(c);
            RelationDef r = RelationParser.parse(def, current);
            Map<String, Object> stored = Jdbc.queryOne(c, SqlFragment.of("UPDATE _relations SET source = ?, target = ?, "
                    + "definition = ?, updated_at = NOW() WHERE name = ? RETURNING " + COLUMNS,
                    r.source(), r.target(), new Jdbc.JsonValue(r.definition()), name));
            if (stored == null) {
                throw ApiException.notFound("Relation not found: " + name);
            }
            Migrator.migrateRelation(c, r, current);
            return stored;
        });
        changed.accept(app);
        return row;
    }

    @Override
    public void delete(AppContext app, String name) {
        Tx.inTransaction(app.dataSource(), c -> {
            EntityStore.lock(c);
            if (Jdbc.update(c, SqlFragment.of("DELETE FROM _relations WHERE name = ?", name)) == 0) {
                throw ApiException.notFound("Relation not found: " + name);
            }
            return null;
        });
        changed.accept(app);
    }

    /** The definitions, oldest first. */
    @Override
    public List<?> export(Connection c) throws SQLException {
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> row : Jdbc.query(c, SqlFragment.of(
                "SELECT definition FROM _relations ORDER BY created_at, name"))) {
            out.add(row.get("definition"));
        }
        return out;
    }

    @Override
    public boolean importItem(Connection c, Map<String, Object> item) throws SQLException {
        if (exists(c, String.valueOf(item.get("name")))) {
            return false;
        }
        Schema schema = Schema.load(c);
        RelationParser.checkKeys(item);
        insert(c, RelationParser.parse(item, schema), schema);
        return true;
    }

    @Override
    public String singular() {
        return "relation";
    }

    @Override
    public String name(Map<String, Object> item) {
        return String.valueOf(item.get("name"));
    }

    /** Stores a new relation and creates its index or join table, on the caller's transaction; the stored row. */
    private static Map<String, Object> insert(Connection c, RelationDef r, Schema schema) throws SQLException {
        Map<String, Object> row = Jdbc.queryOne(c, SqlFragment.of("INSERT INTO _relations (name, source, target, "
                + "definition) VALUES (?, ?, ?, ?) RETURNING " + COLUMNS,
                r.name(), r.source(), r.target(), new Jdbc.JsonValue(r.definition())));
        Migrator.migrateRelation(c, r, schema);
        return row;
    }

    private static boolean exists(Connection c, String name) throws SQLException {
        return Jdbc.queryLong(c, SqlFragment.of("SELECT COUNT(*) FROM _relations WHERE name = ?", name)) > 0;
    }
}
