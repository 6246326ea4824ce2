package dev.rocket.webhook;

import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bounds the synchronous {@code before_*} calls of each app. Such a call runs inside the write's transaction and
 * so holds one of the app's pooled connections; with at most {@code perApp} calls at once (fewer than the pool's
 * connections), slow endpoints cannot take every connection, and the app's reads and other writes keep working.
 * A write that finds no free slot within {@link #WAIT} fails with 503 {@code SERVICE_UNAVAILABLE} and
 * {@code Retry-After} — its transaction is rolled back, nothing is written.
 */
final class SyncCallSlots {
    /** How long a write waits for a slot (holding its connection) before it gives up. */
    static final Duration WAIT = Duration.ofMillis(500);

    private final int perApp;
    private final long retryAfterSeconds;
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();

    /**
     * @param perApp            calls one app may have in flight
     * @param retryAfterSeconds what a refused write is told to wait (the longest a slot stays taken)
     */
    SyncCallSlots(int perApp, long retryAfterSeconds) {
        if (perApp < 1) {
            throw new IllegalArgumentException("perApp must be at least 1");
        }
        this.perApp = perApp;
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    /** Runs {@code call} in one of {@code app}'s slots; 503 when none frees up within {@link #WAIT}. */
    <T> T call(String app, Supplier<T> call) {
        Semaphore s = slots.computeIfAbsent(app, k -> new Semaphore(perApp, true));
        boolean acquired;
        try {
            acquired = s.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                    "Too many synchronous webhook calls in progress for this app; retry later", List.of(),
                    Map.of("Retry-After", Long.toString(retryAfterSeconds)), null);
        }
        try {
            return call.get();
        } finally {
            s.release();
        }
    }
}
