package dev.rocket.permission;

import dev.rocket.db.Jdbc;
import dev.rocket.db.Rows;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.error.ApiException;
import dev.rocket.metadata.Policy;
import dev.rocket.tenancy.AppContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** Admin API for permission policies ({@code /_admin/permissions}); validated on create and update. */
public final class PolicyService {
    private static final String COLUMNS = "id, entity, action, roles, conditions, created_at, updated_at";
    private final Consumer<AppContext> changed;

    public PolicyService(Consumer<AppContext> changed) {
        this.changed = changed;
    }

    public List<Map<String, Object>> list(AppContext app) {
        return Tx.read(app.dataSource(), c -> Jdbc.query(c, SqlFragment.of(
                "SELECT " + COLUMNS + " FROM _permissions ORDER BY entity, action, created_at")));
    }

    public Map<String, Object> get(AppContext app, String id) {
        return Rows.byId(app.dataSource(), "_permissions", COLUMNS, id, "Permission not found: ");
    }

    public Map<String, Object> create(AppContext app, Map<String, Object> body) {
        Policy.checkKeys(body);
        Policy p = Policy.parse(body, app.registry());
        Object id = Tx.inTransaction(app.dataSource(), c -> insert(c, p));
        changed.accept(app);
        return submitted(body, p, id);
    }

    public Map<String, Object> update(AppContext app, String id, Map<String, Object> body) {
        UUID uuid = Rows.requireUuid(id, "Permission not found: ");
        Policy.checkKeys(body);
        Policy p = Policy.parse(body, app.registry());
        int n = Tx.inTransaction(app.dataSource(), c -> Jdbc.update(c, SqlFragment.of(
                "UPDATE _permissions SET entity = ?, action = ?, roles = ?, conditions = ?, updated_at = NOW() WHERE id = ?",
                p.entity(), p.action(), new Jdbc.SqlArray("text", p.roles().toArray()), conditions(p), uuid)));
        if (n == 0) {
            throw ApiException.notFound("Permission not found: " + id);
        }
        changed.accept(app);
        return submitted(body, p, id);
    }

    public void delete(AppContext app, String id) {
        Rows.deleteById(app.dataSource(), "_permissions", id, "Permission not found: ");
        changed.accept(app);
    }

    /** Stores a validated policy on the caller's transaction; returns its id. */
    public static Object insert(java.sql.Connection c, Policy p) throws java.sql.SQLException {
        return Jdbc.queryOne(c, SqlFragment.of(
                "INSERT INTO _permissions (entity, action, roles, conditions) VALUES (?, ?, ?, ?) RETURNING id",
                p.entity(), p.action(), new Jdbc.SqlArray("text", p.roles().toArray()), conditions(p))).get("id");
    }

    /** The stored form of a policy's conditions. */
    public static Jdbc.JsonValue conditions(Policy p) {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (Policy.Cond c : p.conditions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("field", c.field());
            m.put("operator", c.operator().wireName());
            m.put("value", c.value());
            out.add(m);
        }
        return new Jdbc.JsonValue(out);
    }

    private static Map<String, Object> submitted(Map<String, Object> body, Policy p, Object id) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id.toString());
        out.put("entity", p.entity());
        out.put("action", p.action());
        out.put("roles", p.roles());
        out.put("conditions", body.get("conditions") == null ? List.of() : body.get("conditions"));
        return out;
    }

}
