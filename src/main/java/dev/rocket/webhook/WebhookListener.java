package dev.rocket.webhook;

import dev.rocket.auth.Caller;
import dev.rocket.error.ApiException;
import dev.rocket.error.Details;
import dev.rocket.expr.ExpressionException;
import dev.rocket.metadata.Hook;
import dev.rocket.metadata.Registry;
import dev.rocket.tenancy.AppContext;
import dev.rocket.write.WriteEvent;
import dev.rocket.write.WriteListener;
import dev.rocket.write.WriteUnit;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Webhooks in the write pipeline. Inside the transaction: {@code before_*} hooks are called and veto with
 * 422 (their log row written on a separate connection, docs/webhooks.md#synchronous-hooks-before_write-before_delete); {@code after_*} deliveries go into the
 * outbox as pending rows, and the state machines' {@code webhook} actions into {@link TransitionOutbox}.
 * After commit: both are handed to the {@link WebhookDispatcher}. Create/update events fire
 * {@code *_write} hooks of their entity, delete events {@code *_delete} hooks.
 */
final class WebhookListener implements WriteListener {
    private static final Logger LOG = Logger.getLogger(WebhookListener.class.getName());
    private static final List<Hook> HOOKS = List.of(Hook.values());

    private final WebhookDispatcher dispatcher;

    WebhookListener(WebhookDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public boolean actsOn(Registry registry, String entity) {
        WebhookKind.Index hooks = registry.index(WebhookKind.KIND);
        for (Hook hook : HOOKS) {
            if (!hooks.of(entity, hook).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void beforeCommit(Connection c, WriteUnit unit) throws SQLException {
        AppContext app = unit.app();
        Registry reg = unit.registry();
        Caller caller = unit.caller();
        List<WriteEvent> events = unit.events();
        List<Delivery> outbox = new ArrayList<>();
        List<Delivery> skipped = new ArrayList<>();
        List<String> skipErrors = new ArrayList<>();
        for (WriteEvent ev : events) {
            boolean delete = "delete".equals(ev.action());
            for (WebhookDef h : reg.index(WebhookKind.KIND).of(ev.entity(), delete ? Hook.BEFORE_DELETE : Hook.BEFORE_WRITE)) {
                callSync(app, pending(unit), h, ev, caller);
            }
            for (WebhookDef h : reg.index(WebhookKind.KIND).of(ev.entity(), delete ? Hook.AFTER_DELETE : Hook.AFTER_WRITE)) {
                Delivery d = delivery(h, ev, caller);
                try {
                    if (fires(h, d)) {
                        outbox.add(d);
                    }
                } catch (ExpressionException ex) {
                    LOG.warning(() -> "webhook " + h.id() + ": condition error, not sent: " + ex.getMessage());
                    skipped.add(d);
                    skipErrors.add("condition error: " + ex.getMessage());
                }
            }
        }
        for (int i = 0; i < skipped.size(); i++) {
            WebhookLogs.insert(c, List.of(skipped.get(i)), RetryPolicy.FAILED, skipErrors.get(i));
        }
        if (!outbox.isEmpty()) {
            WebhookLogs.insert(c, outbox, RetryPolicy.PENDING, "");
            pending(unit).outbox.addAll(outbox);
        }
        List<TransitionOutbox.Call> transitions = new ArrayList<>();
        for (WriteEvent ev : events) {
            for (Map<String, Object> action : ev.transitionActions()) {
                if ("webhook".equals(action.get("type")) && ev.row() != null) {
                    TransitionOutbox.Call call = TransitionOutbox.call(action, ev.row());
                    if (call != null) {
                        transitions.add(call);
                    }
                }
            }
        }
        if (!transitions.isEmpty()) {
            TransitionOutbox.insert(c, transitions);
            pending(unit).transitions.addAll(transitions);
        }
    }

    private static PendingDeliveries pending(WriteUnit unit) {
        return unit.attachment(PendingDeliveries.class, PendingDeliveries::new);
    }

    @Override
    public void afterCommit(WriteUnit unit) {
        PendingDeliveries p = unit.attachment(PendingDeliveries.class);
        if (p == null) {
            return;
        }
        for (Delivery d : p.outbox) {
            dispatcher.deliverFirst(unit.app(), d);
        }
        for (TransitionOutbox.Call call : p.transitions) {
            dispatcher.transition(unit.app(), call);
        }
    }

    /** Committed or not: the sync calls' log rows are written now, on a connection of their own. */
    @Override
    public void afterTransaction(WriteUnit unit, boolean committed) {
        PendingDeliveries p = unit.attachment(PendingDeliveries.class);
        if (p != null) {
            for (PendingDeliveries.SyncLog l : p.syncLogs) {
                dispatcher.logSync(unit.app(), l.delivery(), l.result(), l.error());
            }
        }
    }

    /**
     * A before_* hook: called now, inside the transaction; any failure rolls the write back, and so does finding
     * no free sync slot (503).
     */
    private void callSync(AppContext app, PendingDeliveries frame, WebhookDef h, WriteEvent ev, Caller caller) {
        Delivery d = delivery(h, ev, caller);
        try {
            if (!fires(h, d)) {
                return;
            }
        } catch (ExpressionException ex) {
            String error = "condition error: " + ex.getMessage();
            frame.syncLogs.add(new PendingDeliveries.SyncLog(d, null, error));
            throw veto("webhook " + h.id() + " failed: " + error);
        }
        WebhookTransport.Result r = dispatcher.callSync(app, d);
        frame.syncLogs.add(new PendingDeliveries.SyncLog(d, r, null));
        if (!r.ok()) {
            throw veto(r.status() != null ? "webhook " + h.id() + " returned HTTP " + r.status()
                    : "webhook " + h.id() + " failed: " + r.error());
        }
    }

    private static boolean fires(WebhookDef h, Delivery d) throws ExpressionException {
        return h.compiled() == null || h.compiled().test(Payloads.conditionEnv(d.payload()));
    }

    /** The payload of one hook for one event: record = row written, or the row as it was for deletes. */
    private static Delivery delivery(WebhookDef h, WriteEvent ev, Caller caller) {
        boolean delete = "delete".equals(ev.action());
        String key = Payloads.newIdempotencyKey();
        Map<String, Object> payload = Payloads.build(h.hook().wireName(), ev.entity(), ev.action(),
                delete ? ev.before() : ev.row(), ev.before(), caller, Instant.now(), key);
        return new Delivery(UUID.randomUUID(), h, HeaderTemplates.withContentType(h.headers()), payload, key);
    }

    private static ApiException veto(String message) {
        return ApiException.validation("Validation failed", List.of(Details.of(null, "webhook", message)));
    }
}
