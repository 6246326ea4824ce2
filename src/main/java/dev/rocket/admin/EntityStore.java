package dev.rocket.admin;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.error.ApiException;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.EntityParser;
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
 * Admin API, export and import of entities ({@code /_admin/entities/{name}}). Each change validates the definition,
 * then writes the metadata row and runs its DDL in ONE transaction under an app-wide advisory lock (a failed
 * migration leaves neither), then reloads the registry and tells the other nodes.
 */
public final class EntityStore implements DefinitionStore {
    private static final String COLUMNS = "name, table_name, definition, created_at, updated_at";

    private final Consumer<AppContext> changed;

    /** @param changed called after every committed change (reload here, notify other nodes) */
    public EntityStore(Consumer<AppContext> changed) {
        this.changed = changed;
    }

    @Override
    public String path() {
        return "entities";
    }

    @Override
    public String section() {
        return "entities";
    }

    @Override
    public String key() {
        return "name";
    }

    @Override
    public List<Map<String, Object>> list(AppContext app) {
        return Tx.autoCommit(app.dataSource(), c -> Jdbc.query(c, SqlFragment.of(
                "SELECT " + COLUMNS + " FROM _entities ORDER BY name")));
    }

    @Override
    public Map<String, Object> get(AppContext app, String name) {
        Map<String, Object> row = Tx.autoCommit(app.dataSource(), c -> Jdbc.queryOne(c, SqlFragment.of(
                "SELECT " + COLUMNS + " FROM _entities WHERE name = ?", name)));
        if (row == null) {
            throw ApiException.notFound("Entity not found: " + name);
        }
        return row;
    }

    @Override
    public Map<String, Object> create(AppContext app, Map<String, Object> body) {
        EntityParser.checkKeys(body);
        EntityDef e = EntityParser.parse(body);
        Map<String, Object> row = Tx.inTransaction(app.dataSource(), c -> {
            lock(c);
            Schema current = Schema.load(c);
            if (exists(c, e.name())) {
                throw ApiException.conflict("Entity already exists: " + e.name());
            }
            Map<String, Object> stored = insert(c, e);
            revalidateRelations(c, current, e);
            return stored;
        });
        changed.accept(app);
        return row;
    }

    @Override
    public Map<String, Object> update(AppContext app, String name, Map<String, Object> body) {
        Map<String, Object> def = new LinkedHashMap<>(body);
        def.put("name", name);
        EntityParser.checkKeys(body);
        EntityDef e = EntityParser.parse(def);
        Map<String, Object> row = Tx.inTransaction(app.dataSource(), c -> {
            lock(c);
            Schema current = Schema.load(c);
            EntityDef before = current.entity(name);
            if (!exists(c, name)) {
                throw ApiException.notFound("Entity not found: " + name);
            }
            if (before != null && (!before.pkField().equals(e.pkField()) || before.pkType() != e.pkType())) {
                throw ApiException.validation("The primary key of " + name + " cannot change (was " + before.pkField()
                        + " " + before.pkType().wireName() + "); only whether it is generated can");
            }
            checkTableFree(c, e, name);
            Map<String, Object> stored = Jdbc.queryOne(c, SqlFragment.of("UPDATE _entities SET table_name = ?, "
                    + "definition = ?, updated_at = NOW() WHERE name = ? RETURNING " + COLUMNS,
                    e.table(), new Jdbc.JsonValue(e.definition()), name));
            Migrator.migrate(c, e);
            revalidateRelations(c, current, e);
            return stored;
        });
        changed.accept(app);
        return row;
    }

    @Override
    public void delete(AppContext app, String name) {
        Tx.inTransaction(app.dataSource(), c -> {
            lock(c);
            Jdbc.update(c, SqlFragment.of("DELETE FROM _relations WHERE source = ? OR target = ?", name, name));
            if (Jdbc.update(c, SqlFragment.of("DELETE FROM _entities WHERE name = ?", name)) == 0) {
                throw ApiException.notFound("Entity not found: " + name);
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
                "SELECT definition FROM _entities ORDER BY created_at, name"))) {
            out.add(row.get("definition"));
        }
        return out;
    }

    @Override
    public boolean importItem(Connection c, Map<String, Object> item) throws SQLException {
        if (exists(c, String.valueOf(item.get("name")))) {
            return false;
        }
        EntityParser.checkKeys(item);
        insert(c, EntityParser.parse(item));
        return true;
    }

    @Override
    public String singular() {
        return "entity";
    }

    @Override
    public String name(Map<String, Object> item) {
        return String.valueOf(item.get("name"));
    }

    /** Serialises metadata changes of this app across all nodes. */
    public static void lock(Connection c) throws SQLException {
        Jdbc.query(c, SqlFragment.of("SELECT pg_advisory_xact_lock(hashtext('rocket_metadata'))"));
    }

    /** Stores a new entity and creates its table, on the caller's transaction; the stored row. */
    private static Map<String, Object> insert(Connection c, EntityDef e) throws SQLException {
        checkTableFree(c, e, null);
        Map<String, Object> row = Jdbc.queryOne(c, SqlFragment.of("INSERT INTO _entities (name, table_name, definition) "
                + "VALUES (?, ?, ?) RETURNING " + COLUMNS, e.name(), e.table(), new Jdbc.JsonValue(e.definition())));
        Migrator.migrate(c, e);
        return row;
    }

    private static boolean exists(Connection c, String name) throws SQLException {
        return Jdbc.queryLong(c, SqlFragment.of("SELECT COUNT(*) FROM _entities WHERE name = ?", name)) > 0;
    }

    private static void checkTableFree(Connection c, EntityDef e, String self) throws SQLException {
        Map<String, Object> other = Jdbc.queryOne(c, SqlFragment.of(
                "SELECT name FROM _entities WHERE table_name = ? AND name IS DISTINCT FROM ?", e.table(), self));
        if (other != null) {
            throw ApiException.conflict("Table " + e.table() + " is already used by entity " + other.get("name"));
        }
        Map<String, Object> join = Jdbc.queryOne(c, SqlFragment.of(
                "SELECT name FROM _relations WHERE definition->>'join_table' = ?", e.table()));
        if (join != null) {
            throw ApiException.conflict("Table " + e.table() + " is the join table of relation " + join.get("name"));
        }
    }

    /** After an entity changes, every relation touching it must still be valid (keys exist, types fit). */
    @SuppressWarnings("unchecked")
    private static void revalidateRelations(Connection c, Schema before, EntityDef changedEntity) throws SQLException {
        Map<String, EntityDef> entities = new LinkedHashMap<>(before.entities());
        entities.put(changedEntity.name(), changedEntity);
        Schema after = new Schema(entities, Map.of());
        for (Map<String, Object> row : Jdbc.query(c, SqlFragment.of(
                "SELECT definition FROM _relations WHERE source = ? OR target = ?", changedEntity.name(), changedEntity.name()))) {
            try {
                RelationParser.parse((Map<String, Object>) row.get("definition"), after);
            } catch (ApiException e) {
                throw ApiException.validation("Change breaks relation " + ((Map<String, Object>) row.get("definition")).get("name")
                        + ": " + e.getMessage());
            }
        }
    }
}
