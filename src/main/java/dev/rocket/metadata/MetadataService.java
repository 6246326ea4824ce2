package dev.rocket.metadata;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.error.ApiException;
import dev.rocket.schema.Migrator;
import dev.rocket.tenancy.AppContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Admin API for entities and relations. Each change validates the definition, then writes the metadata
 * row and runs its DDL in ONE transaction under an app-wide advisory lock (a failed migration leaves
 * neither), then reloads the registry and tells the other nodes.
 */
public final class MetadataService {
    private static final String ENTITY_COLUMNS = "name, table_name, definition, created_at, updated_at";
    private static final String RELATION_COLUMNS = "name, source, target, definition, created_at, updated_at";

    private final Consumer<AppContext> changed;

    /** @param changed called after every committed change (reload here, notify other nodes) */
    public MetadataService(Consumer<AppContext> changed) {
        this.changed = changed;
    }

    // ---------------------------------------------------------------- entities

    public List<Map<String, Object>> listEntities(AppContext app) {
        return Tx.read(app.dataSource(), c -> Jdbc.query(c, SqlFragment.of(
                "SELECT " + ENTITY_COLUMNS + " FROM _entities ORDER BY name")));
    }

    public Map<String, Object> getEntity(AppContext app, String name) {
        Map<String, Object> row = Tx.read(app.dataSource(), c -> Jdbc.queryOne(c, SqlFragment.of(
                "SELECT " + ENTITY_COLUMNS + " FROM _entities WHERE name = ?", name)));
        if (row == null) {
            throw ApiException.notFound("Entity not found: " + name);
        }
        return row;
    }

    public Map<String, Object> createEntity(AppContext app, Map<String, Object> body) {
        EntityParser.checkKeys(body);
        EntityDef e = EntityParser.parse(body);
        Tx.inTransaction(app.dataSource(), c -> {
            lock(c);
            Registry current = Registry.loadSchema(c);
            if (exists(c, "_entities", e.name())) {
                throw ApiException.conflict("Entity already exists: " + e.name());
            }
            insertEntity(c, e);
            revalidateRelations(c, current, e);
            return null;
        });
        changed.accept(app);
        return e.definition();
    }

    public Map<String, Object> updateEntity(AppContext app, String name, Map<String, Object> body) {
        EntityParser.checkKeys(body);
        Map<String, Object> def = new LinkedHashMap<>(body);
        def.put("name", name);
        EntityDef e = EntityParser.parse(def);
        Tx.inTransaction(app.dataSource(), c -> {
            lock(c);
            Registry current = Registry.loadSchema(c);
            EntityDef before = current.entity(name);
            if (!exists(c, "_entities", name)) {
                throw ApiException.notFound("Entity not found: " + name);
            }
            if (before != null && (!before.pkField().equals(e.pkField()) || before.pkType() != e.pkType())) {
                throw ApiException.validation("The primary key of " + name + " cannot change (was " + before.pkField()
                        + " " + before.pkType().wireName() + "); only whether it is generated can");
            }
            checkTableFree(c, e, name);
            Jdbc.update(c, SqlFragment.of("UPDATE _entities SET table_name = ?, definition = ?, updated_at = NOW() "
                    + "WHERE name = ?", e.table(), new Jdbc.JsonValue(e.definition()), name));
            Migrator.migrate(c, e);
            revalidateRelations(c, current, e);
            return null;
        });
        changed.accept(app);
        return e.definition();
    }

    public void deleteEntity(AppContext app, String name) {
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

    // ---------------------------------------------------------------- relations

    public List<Map<String, Object>> listRelations(AppContext app) {
        return Tx.read(app.dataSource(), c -> Jdbc.query(c, SqlFragment.of(
                "SELECT " + RELATION_COLUMNS + " FROM _relations ORDER BY name")));
    }

    public Map<String, Object> getRelation(AppContext app, String name) {
        Map<String, Object> row = Tx.read(app.dataSource(), c -> Jdbc.queryOne(c, SqlFragment.of(
                "SELECT " + RELATION_COLUMNS + " FROM _relations WHERE name = ?", name)));
        if (row == null) {
            throw ApiException.notFound("Relation not found: " + name);
        }
        return row;
    }

    public Map<String, Object> createRelation(AppContext app, Map<String, Object> body) {
        RelationParser.checkKeys(body);
        RelationDef[] out = new RelationDef[1];
        Tx.inTransaction(app.dataSource(), c -> {
            lock(c);
            Registry current = Registry.loadSchema(c);
            RelationDef r = RelationParser.parse(body, current);
            if (exists(c, "_relations", r.name())) {
                throw ApiException.conflict("Relation already exists: " + r.name());
            }
            insertRelation(c, r, current);
            out[0] = r;
            return null;
        });
        changed.accept(app);
        return out[0].definition();
    }

    public Map<String, Object> updateRelation(AppContext app, String name, Map<String, Object> body) {
        RelationParser.checkKeys(body);
        Map<String, Object> def = new LinkedHashMap<>(body);
        def.put("name", name);
        RelationDef[] out = new RelationDef[1];
        Tx.inTransaction(app.dataSource(), c -> {
            lock(c);
            Registry current = Registry.loadSchema(c);
            RelationDef r = RelationParser.parse(def, current);
            int n = Jdbc.update(c, SqlFragment.of("UPDATE _relations SET source = ?, target = ?, definition = ?, "
                    + "updated_at = NOW() WHERE name = ?", r.source(), r.target(), new Jdbc.JsonValue(r.definition()), name));
            if (n == 0) {
                throw ApiException.notFound("Relation not found: " + name);
            }
            Migrator.migrateRelation(c, r, current);
            out[0] = r;
            return null;
        });
        changed.accept(app);
        return out[0].definition();
    }

    public void deleteRelation(AppContext app, String name) {
        Tx.inTransaction(app.dataSource(), c -> {
            lock(c);
            if (Jdbc.update(c, SqlFragment.of("DELETE FROM _relations WHERE name = ?", name)) == 0) {
                throw ApiException.notFound("Relation not found: " + name);
            }
            return null;
        });
        changed.accept(app);
    }

    // ---------------------------------------------------------------- helpers

    /** Stores a new entity and creates its table, on the caller's transaction (admin API and import). */
    public static void insertEntity(Connection c, EntityDef e) throws SQLException {
        checkTableFree(c, e, null);
        Jdbc.update(c, SqlFragment.of("INSERT INTO _entities (name, table_name, definition) VALUES (?, ?, ?)",
                e.name(), e.table(), new Jdbc.JsonValue(e.definition())));
        Migrator.migrate(c, e);
    }

    /** Stores a new relation and creates its index or join table, on the caller's transaction. */
    public static void insertRelation(Connection c, RelationDef r, Registry registry) throws SQLException {
        Jdbc.update(c, SqlFragment.of("INSERT INTO _relations (name, source, target, definition) VALUES (?, ?, ?, ?)",
                r.name(), r.source(), r.target(), new Jdbc.JsonValue(r.definition())));
        Migrator.migrateRelation(c, r, registry);
    }

    /** Serialises metadata changes of this app across all nodes. */
    public static void lock(Connection c) throws SQLException {
        Jdbc.query(c, SqlFragment.of("SELECT pg_advisory_xact_lock(hashtext('rocket_metadata'))"));
    }

    private static boolean exists(Connection c, String table, String name) throws SQLException {
        return Jdbc.queryLong(c, SqlFragment.of("SELECT COUNT(*) FROM " + table + " WHERE name = ?", name)) > 0;
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
    private static void revalidateRelations(Connection c, Registry before, EntityDef changedEntity) throws SQLException {
        Map<String, EntityDef> entities = new LinkedHashMap<>(before.entities());
        entities.put(changedEntity.name(), changedEntity);
        Registry after = new Registry(entities, Map.of());
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
