package dev.rocket.webhook;

import dev.rocket.db.Tx;
import dev.rocket.json.Json;
import dev.rocket.tenancy.AppContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Sends deliveries. After commit, outbox rows go to the {@link SenderLanes} (never the request thread), fairly
 * shared by the apps, each app identified by its database; a full lane leaves the row to the retry task. Each
 * attempt's outcome is written with the {@link RetryPolicy}; no connection is held while a request is in flight.
 * Synchronous {@code before_*} calls run on the request thread within the app's {@link SyncCallSlots} and the
 * synchronous deadline.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());
    /** Deliveries an app may have waiting for a sender; more are left to the retry task. */
    static final int QUEUE_PER_APP = 1_000;

    /**
     * How many senders there are and how much of them, and of its connections, one app may take.
     *
     * @param senders         sender threads for the deliveries made after commit
     * @param sendersPerApp   most senders one app occupies at once
     * @param syncCallsPerApp most synchronous calls one app has in flight (each holds a pooled connection)
     * @param syncTimeout     deadline of a synchronous call (below the pool's wait for a connection)
     */
    public record Limits(int senders, int sendersPerApp, int syncCallsPerApp, Duration syncTimeout) {
    }

    private final WebhookTransport transport;
    private final RetryPolicy policy;
    private final SenderLanes lanes;
    private final SyncCallSlots syncSlots;
    private final Duration syncTimeout;

    public WebhookDispatcher(WebhookTransport transport, RetryPolicy policy, Limits limits) {
        this.transport = transport;
        this.policy = policy;
        this.lanes = new SenderLanes(limits.senders(), limits.sendersPerApp(), QUEUE_PER_APP);
        this.syncSlots = new SyncCallSlots(limits.syncCallsPerApp(), limits.syncTimeout().toSeconds());
        this.syncTimeout = limits.syncTimeout();
    }

    /** First attempt of an outbox row, on a sender of the app's lane. */
    void deliverFirst(AppContext app, Delivery d) {
        if (!lanes.offer(app.dataSource(), () -> first(app, d))) {
            LOG.fine(() -> "webhook queue of app " + app.name() + " full: delivery " + d.id()
                    + " stays pending for the retry task");
        }
    }

    private void first(AppContext app, Delivery d) {
        try {
            DataSource ds = app.dataSource();
            if (!Tx.autoCommit(ds, c -> WebhookLogs.claimFirst(c, d.id()))) {
                return;
            }
            WebhookDef h = d.hook();
            attempt(ds, d.id(), 1, h.maxAttempts(), h.backoff(), d.request());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "webhook delivery " + d.id() + " of app " + app.name() + " failed to run", e);
        }
    }

    /** One attempt: send, then record the outcome (delivered, retrying with its delay, or failed). */
    void attempt(DataSource ds, UUID id, int attempt, int maxAttempts, String backoff, WebhookTransport.Request req) {
        WebhookTransport.Result r = transport.send(req, WebhookTransport.TIMEOUT);
        if (Thread.currentThread().isInterrupted()) {
            return; // shutting down: not an attempt; the row comes due again
        }
        RetryPolicy.Next next = policy.after(r.ok(), attempt, maxAttempts, backoff);
        Tx.autoCommit(ds, c -> {
            WebhookLogs.recordAttempt(c, id, attempt, next, r);
            return null;
        });
    }

    /** Runs a retry in the lane of the app whose database is {@code ds}; the future ends when it is recorded. */
    CompletableFuture<Void> retry(DataSource ds, WebhookLogs.Due due) {
        return onSender(ds, () -> {
            try {
                Object body = due.body();
                String json = "GET".equals(due.method()) || body == null ? null : Json.write(body);
                attempt(ds, due.id(), due.attempt() + 1, due.maxAttempts(), due.backoff(),
                        new WebhookTransport.Request(due.method(), due.url(), HeaderTemplates.resolve(due.headers()), json));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "webhook retry " + due.id() + " failed to run", e);
            }
        });
    }

    /** A transition call the retry task took over (its node never sent it); same sending as {@link #transition}. */
    CompletableFuture<Void> retryTransition(DataSource ds, TransitionOutbox.Call call) {
        return onSender(ds, () -> sendTransition(ds, call));
    }

    /**
     * The task in the app's lane; when the lane is full (or the dispatcher closed) it is not run — the claimed row
     * comes due again once its lease ends — and the future is already complete.
     */
    private CompletableFuture<Void> onSender(DataSource ds, Runnable task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!lanes.offer(ds, () -> {
            try {
                task.run();
            } finally {
                done.complete(null);
            }
        })) {
            done.complete(null);
        }
        return done;
    }

    /**
     * A before_* call, on the request thread inside its transaction (logged later on a separate connection): in
     * one of the app's sync slots (503 when none is free), within the synchronous deadline.
     */
    WebhookTransport.Result callSync(AppContext app, Delivery d) {
        return syncSlots.call(app.name(), () -> transport.send(d.request(), syncTimeout));
    }

    /** The sync log row survives the write's rollback (docs/webhooks.md#synchronous-hooks-before_write-before_delete); failing to write it never changes the outcome. */
    void logSync(AppContext app, Delivery d, WebhookTransport.Result r, String error) {
        try (Connection c = app.dataSource().getConnection()) {
            c.setAutoCommit(true);
            WebhookLogs.insertSync(c, d, r, error);
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not log synchronous webhook call " + d.id(), e);
        }
    }

    /**
     * A state machine's {@code webhook} action after commit (docs/state-machines.md: fire-and-forget, not logged): sent in the
     * app's lane, then its {@link TransitionOutbox} row is deleted. A full lane leaves the row for the retry task.
     */
    void transition(AppContext app, TransitionOutbox.Call call) {
        DataSource ds = app.dataSource();
        if (!lanes.offer(ds, () -> sendTransition(ds, call))) {
            LOG.fine(() -> "webhook queue of app " + app.name() + " full: transition webhook " + call.id()
                    + " stays for the retry task");
        }
    }

    private void sendTransition(DataSource ds, TransitionOutbox.Call call) {
        try {
            WebhookTransport.Result r = transport.send(call.request(), WebhookTransport.TIMEOUT);
            if (Thread.currentThread().isInterrupted()) {
                return; // shutting down: the row comes due again
            }
            if (!r.ok()) {
                LOG.info(() -> "transition webhook " + call.url() + ": " + r.errorText());
            }
            Tx.inTransaction(ds, c -> {
                TransitionOutbox.delete(c, call.id());
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "transition webhook " + call.id() + " failed to run", e);
        }
    }

    @Override
    public void close() {
        lanes.close();
    }
}
