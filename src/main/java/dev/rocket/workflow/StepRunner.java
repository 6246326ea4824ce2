package dev.rocket.workflow;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.expr.ExpressionException;
import dev.rocket.metadata.ActionType;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.Values;
import dev.rocket.json.Json;
import dev.rocket.outbound.OutboundUrls;
import dev.rocket.tenancy.AppContext;
import dev.rocket.webhook.HeaderTemplates;
import dev.rocket.webhook.WebhookTransport;
import dev.rocket.write.AuditLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs one condition or action step inside the instance's transaction. Errors fail the instance. A {@code webhook}
 * action is not called here: the step stops at it, and the engine makes the call after commit (through the outbound
 * transport shared with webhooks, same address checks) and then runs the step on from the next action.
 */
final class StepRunner {
    private final WebhookTransport transport;
    private final Duration timeout;

    /**
     * Where a step leaves the instance: the next step ({@code next}, null = end), or its action number
     * {@code webhookAction} to call after commit (-1 when none).
     */
    record Outcome(String next, int webhookAction) {
        static Outcome next(String step) {
            return new Outcome(step, -1);
        }

        boolean waitsForCall() {
            return webhookAction >= 0;
        }
    }

    StepRunner(WebhookTransport transport, Duration timeout) {
        this.transport = transport;
        this.timeout = timeout;
    }

    /** Runs {@code step} (a condition, or an action step from its action number {@code fromAction}). */
    Outcome run(Connection c, AppContext app, WorkflowDef wf, WorkflowDef.Step step, WorkflowEngine.Instance inst,
                int fromAction) throws SQLException, ExpressionException {
        return switch (step.type()) {
            case CONDITION -> {
                boolean ok = step.expression().test(Map.of("context", inst.context));
                inst.history.add(WorkflowEngine.entry(step.id(), ok ? "on_true" : "on_false", null));
                yield Outcome.next(ok ? step.onTrue() : step.onFalse());
            }
            case ACTION -> actions(c, app, wf, step, inst, fromAction);
            case APPROVAL -> throw new IllegalStateException("approval step " + step.id() + " waits for a decision");
        };
    }

    private Outcome actions(Connection c, AppContext app, WorkflowDef wf, WorkflowDef.Step step,
                            WorkflowEngine.Instance inst, int fromAction) throws SQLException {
        List<Map<String, Object>> actions = step.actions();
        for (int i = fromAction; i < actions.size(); i++) {
            Map<String, Object> a = actions.get(i);
            Outcome stop = switch (ActionType.of(a)) { // a new action type: decide here what it does
                case SET_FIELD -> {
                    setField(c, app, wf, a, inst.context);
                    yield null;
                }
                case WEBHOOK -> {
                    String problem = OutboundUrls.problem(String.valueOf(a.get("url")));
                    if (problem != null) { // a URL that may not be called fails the step now
                        throw new IllegalStateException("webhook " + problem);
                    }
                    yield new Outcome(null, i); // called after commit; the step goes on from the next action
                }
                case CREATE_RECORD, SEND_EVENT -> null; // recorded in the history only
            };
            if (stop != null) {
                return stop;
            }
        }
        inst.history.add(WorkflowEngine.entry(step.id(), "completed", null));
        return Outcome.next(step.then());
    }

    /** Direct UPDATE: no rules, state machines, permissions or triggers (docs/workflows.md#definition); auto update columns bumped. */
    private void setField(Connection c, AppContext app, WorkflowDef wf, Map<String, Object> a, Map<String, Object> context)
            throws SQLException {
        EntityDef e = app.registry().entity(String.valueOf(a.get("entity")));
        if (e == null) {
            throw new IllegalStateException("set_field: unknown entity " + a.get("entity"));
        }
        FieldDef f = e.field(String.valueOf(a.get("field")));
        if (f == null) {
            throw new IllegalStateException("set_field: unknown field " + a.get("field"));
        }
        Object rid = a.get("record_id");
        Object id = rid instanceof String p && p.startsWith("context.")
                ? ContextMapper.get(Map.of("context", context), p) : rid;
        if (id == null) {
            throw new IllegalStateException("set_field: record id not resolved");
        }
        Object value;
        Object pk;
        try {
            value = "now".equals(a.get("value")) ? OffsetDateTime.now(ZoneOffset.UTC) : Values.coerce(f.type(), f.precision(), a.get("value"));
            pk = Values.coerce(e.pkType(), null, id);
        } catch (Values.TypeMismatch ex) {
            throw new IllegalStateException("set_field: " + ex.getMessage(), ex);
        }
        Map<String, Object> before = Jdbc.queryOne(c, SqlFragment.builder().sql("SELECT ").sql(e.selectList()).sql(" FROM ")
                .sql(e.quotedTable()).sql(" t WHERE t.").sql(e.pk().quoted()).sql(" = ").bind(pk).sql(" FOR UPDATE").build());
        if (before == null) {
            throw new IllegalStateException("set_field: record " + id + " not found");
        }
        SqlFragment.Builder b = SqlFragment.builder().sql("UPDATE ").sql(e.quotedTable()).sql(" AS t SET ")
                .sql(f.quoted()).sql(" = ").bind(value);
        for (FieldDef x : e.fields()) {
            if ("update".equals(x.auto()) && !x.name().equals(f.name())) {
                b.sql(", ").sql(x.quoted()).sql(" = NOW()");
            }
        }
        b.sql(" WHERE t.").sql(e.pk().quoted()).sql(" = ").bind(pk).sql(" RETURNING ").sql(e.selectList());
        Map<String, Object> after = Jdbc.queryOne(c, b.build());
        AuditLog audit = new AuditLog("workflow:" + wf.name());
        audit.updated(e.name(), after.get(e.pkField()), before, after);
        audit.flush(c);
    }

    /**
     * The call of a {@code webhook} action, with the instance context as body; made with no connection held. Null
     * when it succeeded, else why the step fails (a URL that may not be called, a transport error, a non-2xx
     * answer).
     */
    String call(Map<String, Object> action, Map<String, Object> context) {
        WebhookTransport.Request req;
        try {
            req = request(action, context);
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
        WebhookTransport.Result r = transport.send(req, timeout);
        if (r.error() != null) {
            return "webhook failed: " + r.error();
        }
        return r.ok() ? null : "webhook returned HTTP " + r.status();
    }

    private static WebhookTransport.Request request(Map<String, Object> a, Map<String, Object> context) {
        String url = String.valueOf(a.get("url"));
        String method = a.get("method") == null ? "POST" : String.valueOf(a.get("method")).toUpperCase(Locale.ROOT);
        String problem = OutboundUrls.problem(url);
        if (problem != null) {
            throw new IllegalStateException("webhook " + problem);
        }
        return new WebhookTransport.Request(method, url, HeaderTemplates.withContentType(Map.of()),
                "GET".equals(method) ? null : Json.write(context));
    }
}
