package dev.rocket.webhook;

import dev.rocket.db.Tx;
import dev.rocket.tenancy.AppContext;
import dev.rocket.tenancy.AppDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The retry task (run by the clustered scheduler, once at a time across the cluster): for every app the
 * management-side work index names (see {@link AppDirectory#eachDue}), claims due rows ({@code retrying} whose time has come, {@code pending} ones a crash left behind),
 * oldest first, with {@code FOR UPDATE SKIP LOCKED}, and re-sends their stored headers and body (same
 * idempotency key) in parallel on the dispatcher's threads; then the state machines' transition calls a
 * node left behind ({@link TransitionOutbox}), each sent once.
 */
public final class WebhookRetrier implements Runnable {
    static final int BATCH = 20;
    static final int MAX_BATCHES_PER_APP = 10;
    /** A pending row untouched this long was left by a crash (its first attempt never ran). */
    static final double STALE_PENDING_SECONDS = 60;
    /** A claimed row is not offered again for this long (longer than one request can take). */
    static final double LEASE_SECONDS = 120;

    private final AppDirectory apps;
    private final WebhookDispatcher dispatcher;
    private volatile boolean stopped;

    public WebhookRetrier(AppDirectory apps, WebhookDispatcher dispatcher) {
        this.apps = apps;
        this.dispatcher = dispatcher;
    }

    @Override
    public void run() {
        apps.eachDue("Webhook retries", app -> {
            if (!stopped) {
                drain(app);
            }
        });
    }

    /** Due rows of one app, a batch at a time, each batch sent in parallel and awaited. */
    int drain(AppContext app) {
        DataSource ds = app.backgroundDataSource();
        return drain(ds, c -> WebhookLogs.claimDue(c, BATCH, STALE_PENDING_SECONDS, LEASE_SECONDS),
                due -> dispatcher.retry(ds, due))
                + drain(ds, c -> TransitionOutbox.claimDue(c, BATCH), call -> dispatcher.retryTransition(ds, call));
    }

    private <T> int drain(DataSource ds, Tx.Work<List<T>> claim, Function<T, CompletableFuture<Void>> send) {
        int sent = 0;
        for (int i = 0; i < MAX_BATCHES_PER_APP && !stopped; i++) {
            List<T> due = Tx.inTransaction(ds, claim);
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (T row : due) {
                running.add(send.apply(row));
            }
            sent += due.size();
            if (!await(CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))) || due.size() < BATCH) {
                break;
            }
        }
        return sent;
    }

    /** Waits for a batch, giving up when stopped or after the lease (the rows then come due again). */
    private boolean await(CompletableFuture<Void> batch) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos((long) LEASE_SECONDS);
        while (!batch.isDone()) {
            if (stopped || System.nanoTime() > deadline) {
                return false;
            }
            try {
                batch.get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // keep waiting
            } catch (ExecutionException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Stops between rows when the scheduler shuts down. */
    public void stop() {
        stopped = true;
    }
}
