package dev.rocket.workflow;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.error.ApiException;
import dev.rocket.expr.ExpressionEngine;
import dev.rocket.metadata.DefinitionKind;
import dev.rocket.metadata.Schema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Workflows ({@code /_admin/workflows}, table {@code _workflows}, names unique); the registry keeps the active ones by
 * trigger and every one by id (running instances finish with the definition they started with).
 */
public final class WorkflowKind implements DefinitionKind<WorkflowDef, WorkflowKind.Index> {
    public static final WorkflowKind KIND = new WorkflowKind();

    private WorkflowKind() {
    }

    @Override
    public String path() {
        return "workflows";
    }

    @Override
    public String section() {
        return "workflows";
    }

    @Override
    public String singular() {
        return "workflow";
    }

    @Override
    public String noun() {
        return "Workflow";
    }

    @Override
    public String table() {
        return "_workflows";
    }

    @Override
    public List<String> columns() {
        return List.of("name", "trigger", "context", "steps", "active");
    }

    @Override
    public String order() {
        return "name";
    }

    @Override
    public WorkflowDef parse(Map<String, Object> body, Schema schema, ExpressionEngine engine) {
        return WorkflowParser.parse(body, schema, engine);
    }

    @Override
    public void checkKeys(Map<String, Object> body) {
        WorkflowParser.checkKeys(body);
    }

    @Override
    public List<Object> row(WorkflowDef w) {
        return Arrays.asList(w.name(), new Jdbc.JsonValue(w.trigger()), new Jdbc.JsonValue(w.context()),
                new Jdbc.JsonValue(w.stepsJson()), w.active());
    }

    @Override
    public Index index(List<WorkflowDef> defs) {
        Map<String, List<WorkflowDef>> byTrigger = new LinkedHashMap<>();
        Map<UUID, WorkflowDef> byId = new LinkedHashMap<>();
        for (WorkflowDef w : defs) {
            if (w.id() != null) {
                byId.put(UUID.fromString(w.id()), w);
            }
            if (w.active()) {
                byTrigger.computeIfAbsent(w.entity() + ":" + w.field() + ":" + w.to(), k -> new ArrayList<>()).add(w);
            }
        }
        byTrigger.replaceAll((k, v) -> List.copyOf(v));
        Set<String> entities = new HashSet<>();
        for (WorkflowDef w : defs) {
            if (w.active()) {
                entities.add(w.entity());
            }
        }
        return new Index(Map.copyOf(byTrigger), Map.copyOf(byId), Set.copyOf(entities));
    }

    @Override
    public void checkUnique(Connection c, WorkflowDef w, UUID self) throws SQLException {
        if (Jdbc.queryLong(c, SqlFragment.of("SELECT COUNT(*) FROM _workflows WHERE name = ? AND id IS DISTINCT FROM ?",
                w.name(), self)) > 0) {
            throw ApiException.conflict("Workflow already exists: " + w.name());
        }
    }

    @Override
    public boolean exists(Connection c, WorkflowDef w, Schema schema) throws SQLException {
        return Jdbc.queryLong(c, SqlFragment.of("SELECT COUNT(*) FROM _workflows WHERE name = ?", w.name())) > 0;
    }

    @Override
    public String name(Map<String, Object> item) {
        return String.valueOf(item.get("name"));
    }

    /** An app's workflows: the active ones by trigger, all by id, and the entities active ones are started on. */
    public record Index(Map<String, List<WorkflowDef>> byTrigger, Map<UUID, WorkflowDef> byId, Set<String> entities) {
        /** Whether some active workflow is started by a write of {@code entity}. */
        public boolean startsOn(String entity) {
            return entities.contains(entity);
        }

        /** Active workflows started when {@code entity.field} becomes {@code value}. */
        public List<WorkflowDef> started(String entity, String field, String value) {
            return byTrigger.getOrDefault(entity + ":" + field + ":" + value, List.of());
        }

        /** A workflow by id (active or not), or null. */
        public WorkflowDef byId(UUID id) {
            return byId.get(id);
        }
    }
}
