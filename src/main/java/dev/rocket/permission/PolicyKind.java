package dev.rocket.permission;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.expr.ExpressionEngine;
import dev.rocket.metadata.DefinitionKind;
import dev.rocket.metadata.Policy;
import dev.rocket.metadata.Schema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Permission policies ({@code /_admin/permissions}, table {@code _permissions}); the registry keeps them by entity and action. */
public final class PolicyKind implements DefinitionKind<Policy, PolicyKind.Index> {
    public static final PolicyKind KIND = new PolicyKind();

    private PolicyKind() {
    }

    @Override
    public String path() {
        return "permissions";
    }

    @Override
    public String section() {
        return "permissions";
    }

    @Override
    public String singular() {
        return "permission";
    }

    @Override
    public String noun() {
        return "Permission";
    }

    @Override
    public String table() {
        return "_permissions";
    }

    @Override
    public List<String> columns() {
        return List.of("entity", "action", "roles", "conditions");
    }

    @Override
    public String order() {
        return "entity, action, created_at, id";
    }

    @Override
    public Policy parse(Map<String, Object> body, Schema schema, ExpressionEngine engine) {
        return Policy.parse(body, schema);
    }

    @Override
    public void checkKeys(Map<String, Object> body) {
        Policy.checkKeys(body);
    }

    @Override
    public List<Object> row(Policy p) {
        return Arrays.asList(p.entity(), p.action(), new Jdbc.SqlArray("text", p.roles().toArray()), conditions(p));
    }

    /** The stored form of a policy's conditions. */
    private static Jdbc.JsonValue conditions(Policy p) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Policy.Cond c : p.conditions()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("field", c.field());
            m.put("operator", c.operator().wireName());
            m.put("value", c.value());
            out.add(m);
        }
        return new Jdbc.JsonValue(out);
    }

    @Override
    public Index index(List<Policy> defs) {
        Map<String, Map<String, List<Policy>>> byEntity = new HashMap<>();
        for (Policy p : defs) {
            byEntity.computeIfAbsent(p.entity(), k -> new HashMap<>())
                    .computeIfAbsent(p.action(), k -> new ArrayList<>()).add(p);
        }
        Map<String, Map<String, List<Policy>>> frozen = new HashMap<>();
        byEntity.forEach((entity, actions) -> {
            Map<String, List<Policy>> copy = new HashMap<>();
            actions.forEach((action, list) -> copy.put(action, List.copyOf(list)));
            frozen.put(entity, Map.copyOf(copy));
        });
        return new Index(Map.copyOf(frozen));
    }

    /** Full-content comparison: the same entity, action, roles and conditions. */
    @Override
    public boolean exists(Connection c, Policy policy, Schema schema) throws SQLException {
        for (Map<String, Object> row : Jdbc.query(c, SqlFragment.of(
                "SELECT entity, action, roles, conditions FROM _permissions WHERE entity = ? AND action = ?",
                policy.entity(), policy.action()))) {
            if (Policy.parse(row, schema).equals(policy)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String name(Map<String, Object> item) {
        return item.get("entity") + "." + item.get("action");
    }

    /**
     * An app's policies by entity and action, in load order. Looked up on every request, so by the entity's name
     * and the action: no key is built per lookup.
     */
    public record Index(Map<String, Map<String, List<Policy>>> byEntity) {
        /** The policies for an entity and action (read, create, update, delete). */
        public List<Policy> of(String entity, String action) {
            Map<String, List<Policy>> actions = byEntity.get(entity);
            return actions == null ? List.of() : actions.getOrDefault(action, List.of());
        }
    }
}
