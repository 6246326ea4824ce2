package dev.rocket.webhook;

import dev.rocket.db.Tx;
import dev.rocket.http.Json;
import dev.rocket.tenancy.AppContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Sends deliveries. After commit, outbox rows go to a bounded pool of sender threads (never the request
 * thread); a full queue leaves the row pending for the retry task. Each attempt's outcome is written with
 * the {@link RetryPolicy}; no connection is held while a request is in flight.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class.getName());
    private static final int THREADS = 4;
    private static final int QUEUE = 10_000;

    private final WebhookTransport transport;
    private final RetryPolicy policy;
    private final ThreadPoolExecutor pool;

    public WebhookDispatcher(WebhookTransport transport, RetryPolicy policy) {
        this.transport = transport;
        this.policy = policy;
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "rocket-webhook-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    /** First attempt of an outbox row, on a sender thread. */
    void deliverFirst(AppContext app, Delivery d) {
        try {
            pool.execute(() -> first(app, d));
        } catch (RejectedExecutionException e) {
            LOG.fine(() -> "webhook queue full: delivery " + d.id() + " stays pending for the retry task");
        }
    }

    private void first(AppContext app, Delivery d) {
        try {
            DataSource ds = app.dataSource();
            if (!Tx.read(ds, c -> WebhookLogs.claimFirst(c, d.id()))) {
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
        WebhookTransport.Result r = transport.send(req);
        if (Thread.currentThread().isInterrupted()) {
            return; // shutting down: not an attempt; the row comes due again
        }
        RetryPolicy.Next next = policy.after(r.ok(), attempt, maxAttempts, backoff);
        Tx.read(ds, c -> {
            WebhookLogs.recordAttempt(c, id, attempt, next, r);
            return null;
        });
    }

    /** Runs a retry on a sender thread (inline when the queue is full); the future ends when it is recorded. */
    CompletableFuture<Void> retry(DataSource ds, WebhookLogs.Due due) {
        return onSender(() -> {
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
        return onSender(() -> sendTransition(ds, call));
    }

    /** The task on a sender thread, or on this one when the queue is full; nothing once shut down. */
    private CompletableFuture<Void> onSender(Runnable task) {
        if (pool.isShutdown()) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            return CompletableFuture.runAsync(task, pool);
        } catch (RejectedExecutionException e) {
            if (!pool.isShutdown()) {
                task.run(); // queue full: this thread sends it
            }
            return CompletableFuture.completedFuture(null);
        }
    }

    /** A before_* call, on the request thread inside its transaction; logged on a separate connection. */
    WebhookTransport.Result callSync(Delivery d) {
        return transport.send(d.request());
    }

    /** The sync log row survives the write's rollback (G-52); failing to write it never changes the outcome. */
    void logSync(AppContext app, Delivery d, WebhookTransport.Result r, String error) {
        try (Connection c = app.dataSource().getConnection()) {
            c.setAutoCommit(true);
            WebhookLogs.insertSync(c, d, r, error);
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not log synchronous webhook call " + d.id(), e);
        }
    }

    /**
     * A state machine's {@code webhook} action after commit (SPEC §8: fire-and-forget, not logged): sent on a
     * sender thread, then its {@link TransitionOutbox} row is deleted. A full queue leaves the row for the
     * retry task.
     */
    void transition(AppContext app, TransitionOutbox.Call call) {
        try {
            pool.execute(() -> sendTransition(app.dataSource(), call));
        } catch (RejectedExecutionException e) {
            LOG.fine(() -> "webhook queue full: transition webhook " + call.id() + " stays for the retry task");
        }
    }

    private void sendTransition(DataSource ds, TransitionOutbox.Call call) {
        try {
            WebhookTransport.Result r = transport.send(call.request());
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
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
