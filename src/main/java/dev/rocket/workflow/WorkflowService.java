package dev.rocket.workflow;

import dev.rocket.auth.Caller;
import dev.rocket.db.Jdbc;
import dev.rocket.db.Rows;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.error.ApiException;
import dev.rocket.expr.ExpressionEngine;
import dev.rocket.metadata.Registry;
import dev.rocket.tenancy.AppContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/** Admin API for workflows and the runtime reads ({@code /_workflows/pending}, {@code /_workflows/{id}}). */
public final class WorkflowService {
    private static final String COLUMNS = "id, name, trigger, context, steps, active, created_at, updated_at";
    private final ExpressionEngine engine;
    private final Consumer<AppContext> changed;

    public WorkflowService(ExpressionEngine engine, Consumer<AppContext> changed) {
        this.engine = engine;
        this.changed = changed;
    }

    public List<Map<String, Object>> list(AppContext app) {
        return Tx.read(app.dataSource(), c -> Jdbc.query(c, SqlFragment.of("SELECT " + COLUMNS + " FROM _workflows ORDER BY name")));
    }

    public Map<String, Object> get(AppContext app, String id) {
        return Rows.byId(app.dataSource(), "_workflows", COLUMNS, id, "Workflow not found: ");
    }

    public Map<String, Object> create(AppContext app, Map<String, Object> body) {
        WorkflowParser.checkKeys(body);
        WorkflowDef w = WorkflowParser.parse(body, app.registry(), engine);
        Object id = Tx.inTransaction(app.dataSource(), c -> {
            if (Jdbc.queryLong(c, SqlFragment.of("SELECT COUNT(*) FROM _workflows WHERE name = ?", w.name())) > 0) {
                throw ApiException.conflict("Workflow already exists: " + w.name());
            }
            return insert(c, w);
        });
        changed.accept(app);
        return response(w, id);
    }

    public Map<String, Object> update(AppContext app, String id, Map<String, Object> body) {
        UUID uuid = Rows.requireUuid(id, "Workflow not found: ");
        WorkflowParser.checkKeys(body);
        WorkflowDef w = WorkflowParser.parse(body, app.registry(), engine);
        int n = Tx.inTransaction(app.dataSource(), c -> {
            if (Jdbc.queryLong(c, SqlFragment.of("SELECT COUNT(*) FROM _workflows WHERE name = ? AND id <> ?", w.name(), uuid)) > 0) {
                throw ApiException.conflict("Workflow already exists: " + w.name());
            }
            return Jdbc.update(c, SqlFragment.of("UPDATE _workflows SET name = ?, trigger = ?, context = ?, steps = ?, active = ?, "
                            + "updated_at = NOW() WHERE id = ?", w.name(), new Jdbc.JsonValue(w.trigger()),
                    new Jdbc.JsonValue(w.context()), new Jdbc.JsonValue(w.stepsJson()), w.active(), uuid));
        });
        if (n == 0) {
            throw ApiException.notFound("Workflow not found: " + id);
        }
        changed.accept(app);
        return response(w, id);
    }

    public void delete(AppContext app, String id) {
        Rows.deleteById(app.dataSource(), "_workflows", id, "Workflow not found: ");
        changed.accept(app);
    }

    /** Running instances waiting at an approval step this caller may decide, newest first. */
    public List<Map<String, Object>> pending(AppContext app, Registry reg, Caller caller) {
        List<Map<String, Object>> rows = Tx.read(app.dataSource(), c -> Jdbc.query(c, SqlFragment.of(
                "SELECT " + WorkflowEngine.COLUMNS + " FROM _workflow_instances WHERE status = 'running' "
                        + "ORDER BY created_at DESC, id DESC LIMIT 1000")));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            WorkflowDef w = reg.workflow(UUID.fromString((String) row.get("workflow_id")));
            WorkflowDef.Step step = w == null ? null : w.step((String) row.get("current_step"));
            @SuppressWarnings("unchecked")
            Map<String, Object> ctx = row.get("context") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            if (step != null && step.type() == StepType.APPROVAL && Assignees.allowed(caller, step.assignee(), ctx)) {
                out.add(WorkflowEngine.Instance.json(row));
            }
        }
        return out;
    }

    public Map<String, Object> instance(AppContext app, String id) {
        return WorkflowEngine.Instance.json(Rows.byId(app.dataSource(), "_workflow_instances", WorkflowEngine.COLUMNS, id,
                "Workflow instance not found: "));
    }

    /** Stores a validated workflow on the caller's transaction; returns its id. */
    public static Object insert(java.sql.Connection c, WorkflowDef w) throws java.sql.SQLException {
        return Jdbc.queryOne(c, SqlFragment.of("INSERT INTO _workflows (name, trigger, context, steps, active) "
                        + "VALUES (?, ?, ?, ?, ?) RETURNING id", w.name(), new Jdbc.JsonValue(w.trigger()),
                new Jdbc.JsonValue(w.context()), new Jdbc.JsonValue(w.stepsJson()), w.active())).get("id");
    }

    private static Map<String, Object> response(WorkflowDef w, Object id) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id.toString());
        out.put("name", w.name());
        out.put("trigger", w.trigger());
        out.put("context", w.context());
        out.put("steps", w.stepsJson());
        out.put("active", w.active());
        return out;
    }
}
