package dev.rocket.workflow;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.expr.ExpressionException;
import dev.rocket.metadata.ActionType;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.Values;
import dev.rocket.http.Json;
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
import java.util.Locale;
import java.util.Map;

/**
 * Runs one condition or action step; returns the next step id (null = end). Errors fail the instance. Webhook
 * steps go through the outbound transport shared with webhooks (same address checks), within the deadline of
 * calls made inside a transaction.
 */
final class StepRunner {
    private final WebhookTransport transport;
    private final Duration timeout;

    StepRunner(WebhookTransport transport, Duration timeout) {
        this.transport = transport;
        this.timeout = timeout;
    }

    String run(Connection c, AppContext app, WorkflowDef wf, WorkflowDef.Step step, WorkflowEngine.Instance inst)
            throws SQLException, ExpressionException {
        if (step.type() == StepType.CONDITION) {
            boolean ok = step.expression().test(Map.of("context", inst.context));
            inst.history.add(WorkflowEngine.entry(step.id(), ok ? "on_true" : "on_false", null));
            return ok ? step.onTrue() : step.onFalse();
        }
        for (Map<String, Object> a : step.actions()) {
            ActionType type = ActionType.of(a);
            ActionType done = switch (type) { // a switch expression: every action type handled
                case SET_FIELD -> {
                    setField(c, app, wf, a, inst.context);
                    yield type;
                }
                case WEBHOOK -> {
                    webhook(a, inst.context);
                    yield type;
                }
                case CREATE_RECORD, SEND_EVENT -> type; // recorded in the history only
            };
            assert done == type;
        }
        inst.history.add(WorkflowEngine.entry(step.id(), "completed", null));
        return step.then();
    }

    /** Direct UPDATE: no rules, state machines, permissions or triggers (G-61); auto update columns bumped. */
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

    /** Synchronous call with the instance context as body; transport error or non-2xx fails the step. */
    private void webhook(Map<String, Object> a, Map<String, Object> context) {
        String url = String.valueOf(a.get("url"));
        String method = a.get("method") == null ? "POST" : String.valueOf(a.get("method")).toUpperCase(Locale.ROOT);
        String problem = OutboundUrls.problem(url);
        if (problem != null) {
            throw new IllegalStateException("webhook " + problem);
        }
        WebhookTransport.Result r = transport.send(new WebhookTransport.Request(method, url,
                HeaderTemplates.withContentType(Map.of()), "GET".equals(method) ? null : Json.write(context)), timeout);
        if (r.error() != null) {
            throw new IllegalStateException("webhook failed: " + r.error());
        }
        if (!r.ok()) {
            throw new IllegalStateException("webhook returned HTTP " + r.status());
        }
    }
}
