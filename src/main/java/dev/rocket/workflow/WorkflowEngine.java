package dev.rocket.workflow;

import dev.rocket.auth.Caller;
import dev.rocket.db.Jdbc;
import dev.rocket.db.Rows;
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
import dev.rocket.write.WriteUnit;
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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Runs workflows (docs/workflows.md). A committed write that changed a field to a trigger value starts the workflow: the start
 * is recorded in the write's transaction ({@link WorkflowOutbox}) and made right after commit, or by the retry task
 * when this node could not. Condition and action steps run through in the transaction of the instance's creation or
 * advance; approval steps pause until approve/reject or their timeout; a {@code webhook} action makes its call after
 * that transaction committed, with no connection held, and the instance then continues in a new transaction.
 */
public final class WorkflowEngine implements WriteListener, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WorkflowEngine.class.getName());
    static final String COLUMNS = "id, workflow_id, workflow_name, status, current_step, current_step_deadline, "
            + "context, history, created_at, updated_at";
    /** Starts waiting for a thread of this node; more are left to the retry task. */
    static final int QUEUE = 10_000;
    /** Outbox rows the retry task takes at a time, and batches per app and run. */
    static final int BATCH = 20;
    static final int MAX_BATCHES_PER_APP = 10;

    private final ThreadPoolExecutor starter = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(QUEUE), r -> {
                Thread t = new Thread(r, "rocket-workflows");
                t.setDaemon(true);
                return t;
            });
    private final StepRunner steps;
    private volatile boolean stopped;

    /** The starts one write attempt recorded, to make after its commit. */
    private static final class Starts {
        final List<UUID> ids = new ArrayList<>();
    }

    /**
     * @param transport   the outbound transport of webhook actions (shared with webhooks)
     * @param callTimeout deadline of a webhook action's call
     */
    public WorkflowEngine(WebhookTransport transport, Duration callTimeout) {
        this.steps = new StepRunner(transport, callTimeout);
    }

    @Override
    public boolean actsOn(Registry registry, String entity) {
        return registry.index(WorkflowKind.KIND).startsOn(entity);
    }

    /**
     * In the write's transaction: records a start of every active workflow whose trigger (entity, field, new value)
     * the write matched (docs/workflows.md#definition), with the instance's context as of this write.
     */
    @Override
    public void beforeCommit(Connection c, WriteUnit unit) throws SQLException {
        WorkflowKind.Index workflows = unit.registry().index(WorkflowKind.KIND);
        for (WriteEvent ev : unit.events()) {
            if (ev.row() == null || !workflows.startsOn(ev.entity())) {
                continue;
            }
            for (Map.Entry<String, Object> f : ev.row().entrySet()) {
                Object now = f.getValue();
                Object was = ev.before() == null ? "" : ev.before().get(f.getKey());
                if (now == null || String.valueOf(now).isEmpty() || String.valueOf(now).equals(String.valueOf(was))) {
                    continue;
                }
                for (WorkflowDef wf : workflows.started(ev.entity(), f.getKey(), String.valueOf(now))) {
                    WorkflowOutbox.Start s = new WorkflowOutbox.Start(UUID.randomUUID(), UUID.fromString(wf.id()),
                            ContextMapper.map(wf.context(), String.valueOf(ev.id()), ev.row()));
                    WorkflowOutbox.insertStart(c, s);
                    unit.attachment(Starts.class, Starts::new).ids.add(s.id());
                }
            }
        }
    }

    /** After commit: the recorded starts go to this node's workflow threads (a full queue leaves them to the retry task). */
    @Override
    public void afterCommit(WriteUnit unit) {
        Starts starts = unit.attachment(Starts.class);
        if (starts == null) {
            return;
        }
        AppContext app = unit.app();
        for (UUID id : starts.ids) {
            try {
                starter.execute(() -> {
                    try {
                        start(app, app.dataSource(), id);
                    } catch (RuntimeException ex) {
                        LOG.log(Level.WARNING, "Workflow start failed in app " + app.name(), ex);
                    }
                });
            } catch (RejectedExecutionException ex) {
                LOG.fine(() -> "workflow queue full: start " + id + " of app " + app.name() + " left to the retry task");
            }
        }
    }

    /**
     * Takes a recorded start and makes it: creates the instance and runs it until it pauses or ends, in the
     * transaction that deletes the start (so a start is made once, whoever takes it); then its webhook calls.
     */
    private void start(AppContext app, DataSource ds, UUID startId) {
        UUID call = Tx.inTransaction(ds, c -> {
            WorkflowOutbox.Start s = WorkflowOutbox.takeStart(c, startId);
            if (s == null) {
                return null; // taken by another node or the retry task
            }
            WorkflowDef wf = app.registry().index(WorkflowKind.KIND).byId(s.workflowId());
            if (wf == null) {
                LOG.info(() -> "Workflow " + s.workflowId() + " of app " + app.name() + " is gone: start dropped");
                return null;
            }
            String first = wf.steps().get(0).id();
            Map<String, Object> row = Jdbc.queryOne(c, SqlFragment.of("INSERT INTO _workflow_instances "
                            + "(workflow_id, workflow_name, status, current_step, context, history) VALUES (?, ?, 'running', ?, ?, '[]') "
                            + "RETURNING " + COLUMNS, UUID.fromString(wf.id()), wf.name(), first, new Jdbc.JsonValue(s.context())));
            Instance inst = Instance.of(row);
            return advance(c, app, wf, inst, first);
        }, app::recordsChanged); // set_field steps change records
        calls(app, ds, call);
    }

    /**
     * The webhook calls an instance waits for, one after the other: each is claimed, made with no connection held,
     * and its outcome recorded with the instance's advance (which may lead to the next call).
     */
    private void calls(AppContext app, DataSource ds, UUID callId) {
        UUID next = callId;
        while (next != null && !stopped) {
            UUID id = next;
            WorkflowOutbox.Call call = Tx.inTransaction(ds, c -> WorkflowOutbox.claimCall(c, id));
            next = call == null ? null : call(app, ds, call);
        }
    }

    /** Makes a claimed call, then records its outcome; returns the instance's next call, if any. */
    private UUID call(AppContext app, DataSource ds, WorkflowOutbox.Call call) {
        WorkflowDef wf = app.registry().index(WorkflowKind.KIND).byId(call.workflowId());
        WorkflowDef.Step step = wf == null ? null : wf.step(call.step());
        Map<String, Object> action = step == null || call.action() >= step.actions().size() ? null
                : step.actions().get(call.action());
        String failure = action == null ? "the step's webhook action is gone" : steps.call(action, call.context());
        UUID next = Tx.inTransaction(ds, c -> {
            if (!WorkflowOutbox.takeCall(c, call)) {
                return null; // another taker claimed it since: its outcome counts
            }
            Map<String, Object> row = Jdbc.queryOne(c, SqlFragment.of("SELECT " + COLUMNS + " FROM _workflow_instances "
                    + "WHERE id = ? AND status = 'running' AND current_step = ? FOR UPDATE", call.instanceId(), call.step()));
            if (row == null) {
                return null; // no longer waiting for this call (cancelled, or deleted with its workflow)
            }
            Instance inst = Instance.of(row);
            if (failure != null) {
                LOG.log(Level.INFO, "Workflow " + row.get("workflow_name") + " step " + call.step() + " failed: " + failure);
                inst.status = "failed";
                save(c, inst);
                return null;
            }
            return advance(c, app, wf, inst, call.step(), call.action() + 1);
        }, app::recordsChanged); // set_field steps change records
        return next;
    }

    /**
     * The retry task's part for one app: starts and calls left behind (their node died or its queue was full),
     * oldest first, each taken once.
     */
    public int sweep(AppContext app) {
        DataSource ds = app.backgroundDataSource();
        int taken = 0;
        for (int i = 0; i < MAX_BATCHES_PER_APP && !stopped; i++) {
            List<WorkflowOutbox.Due> due = Tx.inTransaction(ds, c -> WorkflowOutbox.claimDue(c, BATCH));
            for (WorkflowOutbox.Due d : due) {
                if (stopped) {
                    break;
                }
                try {
                    if (d.startId() != null) {
                        start(app, ds, d.startId());
                    } else {
                        calls(app, ds, call(app, ds, d.call()));
                    }
                } catch (RuntimeException ex) {
                    LOG.log(Level.WARNING, "Workflow outbox row of app " + app.name() + " failed to run", ex);
                }
            }
            taken += due.size();
            if (due.size() < BATCH) {
                break;
            }
        }
        return taken;
    }

    /** approve/reject by the caller (an assignee, or admin), without a comment. */
    public Map<String, Object> decide(AppContext app, Registry reg, Caller caller, String rawId, boolean approve) {
        return decide(app, reg, caller, rawId, approve, () -> null);
    }

    /**
     * approve/reject by the caller (an assignee, or admin); the answer is the instance as it is once the steps
     * that follow ran, webhook calls included. {@code comment} is asked for only once the caller is known to be an
     * assignee (so a caller without the right learns that before anything about the body); a non-null comment is
     * kept in the decision's history entry.
     */
    public Map<String, Object> decide(AppContext app, Registry reg, Caller caller, String rawId, boolean approve,
                                      Supplier<String> comment) {
        UUID id = Rows.uuidOrNull(rawId);
        UUID call = Tx.inTransaction(app.dataSource(), c -> {
            Map<String, Object> row = id == null ? null : Jdbc.queryOne(c, SqlFragment.of(
                    "SELECT " + COLUMNS + " FROM _workflow_instances WHERE id = ? FOR UPDATE", id));
            if (row == null) {
                throw ApiException.notFound("Workflow instance not found: " + rawId);
            }
            Instance inst = Instance.of(row);
            if (!"running".equals(inst.status)) {
                throw new ApiException(ErrorCode.INVALID_STATE, "workflow instance is not running (status: " + inst.status + ")");
            }
            WorkflowDef wf = reg.index(WorkflowKind.KIND).byId(inst.workflowId);
            WorkflowDef.Step step = wf == null ? null : wf.step(inst.currentStep);
            if (step == null || !step.type().waitsForDecision()) {
                throw new ApiException(ErrorCode.INVALID_STATE, "current step is not an approval step");
            }
            if (!Assignees.allowed(caller, step.assignee(), inst.context)) {
                throw ApiException.forbidden("You are not an assignee of this approval step");
            }
            Map<String, Object> decision = entry(step.id(), approve ? "approved" : "rejected", caller.id());
            String text = comment.get();
            if (text != null) {
                decision.put("comment", text);
            }
            inst.history.add(decision);
            inst.deadline = null;
            return advance(c, app, wf, inst, approve ? step.onApprove() : step.onReject());
        }, app::recordsChanged); // set_field steps change records (each call advances the version after its own)
        try {
            calls(app, app.dataSource(), call);
        } catch (RuntimeException ex) { // the decision stands; the call row is left to the retry task
            LOG.log(Level.WARNING, "Workflow call after an approval failed to run in app " + app.name(), ex);
        }
        return Instance.json(Rows.byId(app.dataSource(), "_workflow_instances", COLUMNS, rawId,
                "Workflow instance not found: "));
    }

    /** Timed-out approvals of one app: follow on_timeout (end → completed; none → failed) (docs/workflows.md#definition). */
    public int timeouts(AppContext app, Registry reg) {
        DataSource ds = app.backgroundDataSource();
        List<UUID> calls = new ArrayList<>();
        boolean[] changed = {false};
        int n = Tx.inTransaction(ds, c -> {
            calls.clear();
            changed[0] = false;
            List<Map<String, Object>> due = Jdbc.query(c, SqlFragment.of("SELECT " + COLUMNS + " FROM _workflow_instances "
                    + "WHERE status = 'running' AND current_step_deadline < NOW() ORDER BY current_step_deadline "
                    + "LIMIT 100 FOR UPDATE SKIP LOCKED"));
            changed[0] = !due.isEmpty();
            for (Map<String, Object> row : due) {
                Instance inst = Instance.of(row);
                WorkflowDef wf = reg.index(WorkflowKind.KIND).byId(inst.workflowId);
                WorkflowDef.Step step = wf == null ? null : wf.step(inst.currentStep);
                if (step == null || !step.type().waitsForDecision()) {
                    continue;
                }
                inst.history.add(entry(step.id(), "timed_out", null));
                inst.deadline = null;
                if (!step.hasOnTimeout()) {
                    inst.status = "failed";
                    save(c, inst);
                } else {
                    UUID call = advance(c, app, wf, inst, step.onTimeout());
                    if (call != null) {
                        calls.add(call);
                    }
                }
            }
            return due.size();
        }, c -> {
            if (changed[0]) {
                app.recordsChanged(c);
            }
        });
        for (UUID call : calls) {
            calls(app, ds, call);
        }
        return n;
    }

    private UUID advance(Connection c, AppContext app, WorkflowDef wf, Instance inst, String next) throws SQLException {
        return advance(c, app, wf, inst, next, 0);
    }

    /**
     * Runs steps from {@code next} (its actions from number {@code fromAction}) until an approval pauses, the end
     * completes, an error fails the instance, or a webhook action waits for its call: then the call is recorded in
     * the outbox and its row's id returned, for the caller to make once this transaction committed.
     */
    private UUID advance(Connection c, AppContext app, WorkflowDef wf, Instance inst, String next, int fromAction)
            throws SQLException {
        int guard = 0;
        int from = fromAction;
        UUID call = null;
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
            if (step.type().waitsForDecision()) {
                inst.deadline = step.timeout() == null ? null : Instant.now().plus(step.timeout());
                break;
            }
            StepRunner.Outcome out;
            try {
                out = steps.run(c, app, wf, step, inst, from);
            } catch (ExpressionException | RuntimeException ex) {
                LOG.log(Level.INFO, "Workflow " + wf.name() + " step " + step.id() + " failed: " + ex.getMessage());
                inst.status = "failed";
                break;
            }
            if (out.waitsForCall()) {
                call = WorkflowOutbox.insertCall(c, inst.workflowId, inst.id, step.id(), out.webhookAction());
                break;
            }
            next = out.next();
            from = 0;
        }
        save(c, inst);
        return call;
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
        stopped = true;
        starter.shutdownNow();
        try {
            starter.awaitTermination(5, TimeUnit.SECONDS);
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

        /** Instance JSON (docs/workflows.md): current_step is "" once finished. */
        static Map<String, Object> json(Map<String, Object> row) {
            Map<String, Object> out = new LinkedHashMap<>(row);
            out.put("current_step", Objects.requireNonNullElse(row.get("current_step"), ""));
            return out;
        }
    }
}
