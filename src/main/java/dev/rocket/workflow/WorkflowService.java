package dev.rocket.workflow;

import dev.rocket.auth.Caller;
import dev.rocket.db.Jdbc;
import dev.rocket.db.Rows;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.metadata.Registry;
import dev.rocket.tenancy.AppContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The runtime reads of workflows ({@code /_workflows/pending}, {@code /_workflows/{id}}). */
public final class WorkflowService {
    /** Running instances waiting at an approval step this caller may decide, newest first. */
    public List<Map<String, Object>> pending(AppContext app, Registry reg, Caller caller) {
        List<Map<String, Object>> rows = Tx.autoCommit(app.dataSource(), c -> Jdbc.query(c, SqlFragment.of(
                "SELECT " + WorkflowEngine.COLUMNS + " FROM _workflow_instances WHERE status = 'running' "
                        + "ORDER BY created_at DESC, id DESC LIMIT 1000")));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            WorkflowDef w = reg.index(WorkflowKind.KIND).byId(UUID.fromString((String) row.get("workflow_id")));
            WorkflowDef.Step step = w == null ? null : w.step((String) row.get("current_step"));
            @SuppressWarnings("unchecked")
            Map<String, Object> ctx = row.get("context") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            if (step != null && step.type().waitsForDecision() && Assignees.allowed(caller, step.assignee(), ctx)) {
                out.add(WorkflowEngine.Instance.json(row));
            }
        }
        return out;
    }

    public Map<String, Object> instance(AppContext app, String id) {
        return WorkflowEngine.Instance.json(Rows.byId(app.dataSource(), "_workflow_instances", WorkflowEngine.COLUMNS, id,
                "Workflow instance not found: "));
    }
}
