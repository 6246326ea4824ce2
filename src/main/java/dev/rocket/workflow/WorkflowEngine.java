package dev.rocket.workflow;

import dev.rocket.auth.Caller;
import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import dev.rocket.expr.ExpressionException;
import dev.rocket.metadata.Registry;
import dev.rocket.tenancy.AppContext;
import dev.rocket.webhook.WebhookTransport;
import dev.rocket.write.WriteEvent;
import dev.rocket.write.WriteListener;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs workflows (SPEC §9): started after a committed write changed a field to a trigger value, then
 * advanced step by step — condition and action steps run through in the same transaction as the
 * instance's creation or advance; approval steps pause until approve/reject or their timeout.
 */
public final class WorkflowEngine implements WriteListener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WorkflowEngine.class.getName());
    static final String COLUMNS = "id, workflow_id, workflow_name, status, current_step, current_step_deadline, "
            + "context, history, created_at, updated_at";

    private final ExecutorService starter = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "rocket-workflows");
        t.setDaemon(true);
        return t;
    });
    private final StepRunner steps;

    /**
     * @param transport   the outbound transport of webhook steps (shared with webhooks)
     * @param stepTimeout deadline of a webhook step, which runs inside the instance's transaction
     */
    public WorkflowEngine(WebhookTransport transport, Duration stepTimeout) {
        this.steps = new StepRunner(transport, stepTimeout);
    }

    /** After commit: start every active workflow whose trigger (entity, field, new value) matches (G-39). */
    @Override
    public void afterCommit(AppContext app, Registry reg, Caller caller, List<WriteEvent> events) {
        List<Runnable> starts = new ArrayList<>();
        for (WriteEvent ev : events) {
            if (ev.row() == null) {
                continue;
            }
            for (Map.Entry<String, Object> f : ev.row().entrySet()) {
                Object now = f.getValue();
                Object was = ev.before() == null ? "" : ev.before().get(f.getKey());
                if (now == null || String.valueOf(now).isEmpty() || String.valueOf(now).equals(String.valueOf(was))) {
                    continue;
                }
                for (WorkflowDef wf : reg.workflows(ev.entity(), f.getKey(), String.valueOf(now))) {
                    Map<String, Object> record = ev.row();
                    Object recordId = ev.id();
                    starts.add(() -> start(app, wf, recordId, record));
                }
            }
        }
        for (Runnable r : starts) {
            starter.execute(() -> {
                try {
                    r.run();
                } catch (RuntimeException ex) {
                    LOG.log(Level.WARNING, "Workflow start failed in app " + app.name(), ex);
                }
            });
        }
    }

    /** Creates the instance and runs it until it pauses or ends, in one transaction. */
    public void start(AppContext app, WorkflowDef wf, Object recordId, Map<String, Object> record) {
        Map<String, Object> context = ContextMapper.map(wf.context(), String.valueOf(recordId), record);
        Tx.inTransaction(app.dataSource(), c -> {
            String first = wf.steps().get(0).id();
            Map<String, Object> row = Jdbc.queryOne(c, SqlFragment.of("INSERT INTO _workflow_instances "
                            + "(workflow_id, workflow_name, status, current_step, context, history) VALUES (?, ?, 'running', ?, ?, '[]') "
                            + "RETURNING " + COLUMNS, UUID.fromString(wf.id()), wf.name(), first, new Jdbc.JsonValue(context)));
            Instance inst = Instance.of(row);
            advance(c, app, wf, inst, first);
            return null;
        });
    }

    /** approve/reject by the caller (an assignee, or admin). */
    public Map<String, Object> decide(AppContext app, Registry reg, Caller caller, String rawId, boolean approve) {
        UUID id = dev.rocket.db.Rows.uuidOrNull(rawId);
        return Tx.inTransaction(app.dataSource(), c -> {
            Map<String, Object> row = id == null ? null : Jdbc.queryOne(c, SqlFragment.of(
                    "SELECT " + COLUMNS + " FROM _workflow_instances WHERE id = ? FOR UPDATE", id));
            if (row == null) {
                throw ApiException.notFound("Workflow instance not found: " + rawId);
            }
            Instance inst = Instance.of(row);
            if (!"running".equals(inst.status)) {
                throw new ApiException(ErrorCode.INVALID_STATE, "workflow instance is not running (status: " + inst.status + ")");
            }
            WorkflowDef wf = reg.workflow(inst.workflowId);
            WorkflowDef.Step step = wf == null ? null : wf.step(inst.currentStep);
            if (step == null || !"approval".equals(step.type())) {
                throw new ApiException(ErrorCode.INVALID_STATE, "current step is not an approval step");
            }
            if (!Assignees.allowed(caller, step.assignee(), inst.context)) {
                throw ApiException.forbidden("You are not an assignee of this approval step");
            }
            inst.history.add(entry(step.id(), approve ? "approved" : "rejected", caller.id()));
            inst.deadline = null;
            advance(c, app, wf, inst, approve ? step.onApprove() : step.onReject());
            return Instance.json(Jdbc.queryOne(c, SqlFragment.of(
                    "SELECT " + COLUMNS + " FROM _workflow_instances WHERE id = ?", id)));
        });
    }

    /** Timed-out approvals of one app: follow on_timeout (end → completed; none → failed) (G-29). */
    public int timeouts(AppContext app, Registry reg) {
        return Tx.inTransaction(app.backgroundDataSource(), c -> {
            List<Map<String, Object>> due = Jdbc.query(c, SqlFragment.of("SELECT " + COLUMNS + " FROM _workflow_instances "
                    + "WHERE status = 'running' AND current_step_deadline < NOW() ORDER BY current_step_deadline "
                    + "LIMIT 100 FOR UPDATE SKIP LOCKED"));
            for (Map<String, Object> row : due) {
                Instance inst = Instance.of(row);
                WorkflowDef wf = reg.workflow(inst.workflowId);
                WorkflowDef.Step step = wf == null ? null : wf.step(inst.currentStep);
                if (step == null || !"approval".equals(step.type())) {
                    continue;
                }
                inst.history.add(entry(step.id(), "timed_out", null));
                inst.deadline = null;
                if (!step.hasOnTimeout()) {
                    inst.status = "failed";
                    save(c, inst);
                } else {
                    advance(c, app, wf, inst, step.onTimeout());
                }
            }
            return due.size();
        });
    }

    /** Runs steps from {@code next} until an approval pauses, the end completes, or an error fails the instance. */
    private void advance(Connection c, AppContext app, WorkflowDef wf, Instance inst, String next) throws SQLException {
        int guard = 0;
        while (true) {
            if (next == null) {
                inst.status = "completed";
                inst.currentStep = null;
                break;
            }
            WorkflowDef.Step step = wf.step(next);
            if (step == null || ++guard > 1000) {
                inst.status = "failed";
                break;
            }
            inst.currentStep = step.id();
            if ("approval".equals(step.type())) {
                inst.deadline = step.timeout() == null ? null : Instant.now().plus(step.timeout());
                break;
            }
            try {
                next = steps.run(c, app, wf, step, inst);
            } catch (ExpressionException | RuntimeException ex) {
                LOG.log(Level.INFO, "Workflow " + wf.name() + " step " + step.id() + " failed: " + ex.getMessage());
                inst.status = "failed";
                break;
            }
        }
        save(c, inst);
    }

    private static void save(Connection c, Instance inst) throws SQLException {
        Jdbc.update(c, SqlFragment.of("UPDATE _workflow_instances SET status = ?, current_step = ?, current_step_deadline = ?, "
                        + "context = ?, history = ?, updated_at = NOW() WHERE id = ?", inst.status, inst.currentStep,
                inst.deadline, new Jdbc.JsonValue(inst.context), new Jdbc.JsonValue(inst.history), inst.id));
    }

    static Map<String, Object> entry(String step, String status, String by) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("step", step);
        h.put("status", status);
        if (by != null) {
            h.put("by", by);
        }
        h.put("at", Jdbc.ISO_UTC.format(Instant.now()));
        return h;
    }


    @Override
    public void close() {
        starter.shutdownNow();
        try {
            starter.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The mutable state of one instance while it advances. */
    static final class Instance {
        UUID id;
        UUID workflowId;
        String status;
        String currentStep;
        Instant deadline;
        Map<String, Object> context;
        List<Object> history;

        @SuppressWarnings("unchecked")
        static Instance of(Map<String, Object> row) {
            Instance i = new Instance();
            i.id = UUID.fromString((String) row.get("id"));
            i.workflowId = UUID.fromString((String) row.get("workflow_id"));
            i.status = (String) row.get("status");
            i.currentStep = (String) row.get("current_step");
            i.deadline = row.get("current_step_deadline") == null ? null : Instant.parse((String) row.get("current_step_deadline"));
            i.context = row.get("context") instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
            i.history = row.get("history") instanceof List<?> l ? new ArrayList<>(l) : new ArrayList<>();
            return i;
        }

        /** Instance JSON of SPEC §9: current_step is "" once finished. */
        static Map<String, Object> json(Map<String, Object> row) {
            Map<String, Object> out = new LinkedHashMap<>(row);
            out.put("current_step", Objects.requireNonNullElse(row.get("current_step"), ""));
            return out;
        }
    }
}
