package dev.rocket.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A HikariCP pool with a fair gate in front of it, used by {@link Tx}. When more request threads want a
 * connection than the pool holds, HikariCP hands returned connections over in a loop that yields and
 * re-checks, and the queue is not first come, first served: under load that burns CPU and stretches the
 * slowest requests. Here at most {@code maximumPoolSize} threads are inside the pool; the others wait
 * parked, in arrival order, on a fair semaphore. Measured on W1 with Tomcat's default of 200 request
 * threads: see bench/RESULTS.md.
 *
 * <p>The gate is reentrant per thread: a thread that already holds a permit (a connection used inside
 * another unit of work) goes straight to the pool, so the gate never adds a deadlock of its own.
 */
public final class Pool extends HikariDataSource {
    private static final ThreadLocal<int[]> HELD = ThreadLocal.withInitial(() -> new int[1]);

    private final Semaphore gate;

    public Pool(HikariConfig config) {
        super(config);
        this.gate = new Semaphore(config.getMaximumPoolSize(), true);
    }

    /** Enters the gate (or not, when this thread is already inside one); pair with {@link #leave}. */
    boolean enter() throws SQLException {
        int[] held = HELD.get();
        if (held[0] > 0) {
            held[0]++;
            return false;
        }
        try {
            if (!gate.tryAcquire(getConnectionTimeout(), TimeUnit.MILLISECONDS)) {
                throw new SQLTransientConnectionException(getPoolName()
                        + " - connection is not available, request timed out after " + getConnectionTimeout() + "ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException(getPoolName() + " - interrupted while waiting for a connection", e);
        }
        held[0] = 1;
        return true;
    }

    /** Leaves the gate; {@code acquired} is what {@link #enter} returned. */
    void leave(boolean acquired) {
        int[] held = HELD.get();
        held[0]--;
        if (acquired) {
            gate.release();
        }
    }

    /** Threads waiting at the gate (for tests and diagnostics). */
    int waiting() {
        return gate.getQueueLength();
    }
}
