package dev.rocket.db;

import dev.rocket.config.Settings;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * How many physical connections this node's app pools may hold together: one permit per open
 * connection, taken when HikariCP opens it and given back when it is closed ({@link BudgetedConnections}).
 * When none is left, {@code reclaim} is asked to free some (the app directory closes the least recently
 * used idle pool) until a permit comes back; after {@code wait} the opening fails with SQLSTATE 53300, which
 * the pool reports as a connection-wait timeout (answered 503 with {@code Retry-After}).
 */
public final class ConnectionBudget {
    /** SQLSTATE too_many_connections. */
    static final String TOO_MANY_CONNECTIONS = "53300";

    private static final Logger LOG = Logger.getLogger(ConnectionBudget.class.getName());
    /** How long opening a connection waits for a permit before it fails (the pool then tries again). */
    static final long WAIT_MILLIS = 2_000;

    private final int permits;
    private final Semaphore available;
    private final long waitMillis;
    private volatile BooleanSupplier reclaim = () -> false;

    public ConnectionBudget(int permits, long waitMillis) {
        this.permits = Math.max(0, permits);
        this.available = new Semaphore(this.permits, true);
        this.waitMillis = waitMillis;
    }

    /**
     * The budget of this node's app pools: {@code ROCKET_MAX_CONNECTIONS} (all of this node's connections,
     * the management pool's included), else {@link #defaultCap} of the server's {@code max_connections}; minus
     * the management pool.
     */
    public static ConnectionBudget forApps(Settings settings, DataSource management) {
        int cap = settings.maxConnections().orElseGet(() -> Tx.autoCommit(management, c -> {
                    Map<String, Object> row = Jdbc.queryOne(c, SqlFragment.of("SELECT "
                            + "current_setting('max_connections')::int AS max, "
                            + "current_setting('superuser_reserved_connections')::int "
                            + "+ COALESCE(current_setting('reserved_connections', true)::int, 0) AS reserved"));
                    return defaultCap((Integer) row.get("max"), (Integer) row.get("reserved"));
                }));
        int apps = cap - settings.managementPoolSize();
        if (apps < 1) {
            LOG.warning(Settings.MAX_CONNECTIONS + " (" + cap + ") leaves no connection for app pools beside the "
                    + "management pool (" + settings.managementPoolSize() + "): every app request will answer 503");
        } else {
            LOG.info(() -> "App pools may hold " + apps + " connections together (connection cap " + cap
                    + ", management pool " + settings.managementPoolSize() + ")");
        }
        return new ConnectionBudget(apps, WAIT_MILLIS);
    }

    /**
     * What Rocket may use of a server with {@code max} connections of which {@code reserved} are kept for
     * superusers: the rest, less a fifth (at least 10) for the server's other clients.
     */
    static int defaultCap(int max, int reserved) {
        int usable = max - reserved;
        return usable - Math.max(10, usable / 5);
    }

    /** What frees a connection when none is left: closes one idle pool and says whether it did. */
    public void reclaimWith(BooleanSupplier reclaim) {
        this.reclaim = reclaim;
    }

    /** Takes a permit for a new physical connection, reclaiming idle pools first, waiting at most {@code wait}. */
    void acquire() throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        try {
            while (!available.tryAcquire()) {
                // a closed pool gives its permits back as its connections close (which may take a moment)
                boolean freed = reclaim.getAsBoolean();
                long left = deadline - System.nanoTime();
                if (!freed && left <= 0) {
                    throw exhausted();
                }
                long slice = freed ? TimeUnit.SECONDS.toNanos(1) : Math.min(left, TimeUnit.MILLISECONDS.toNanos(100));
                if (available.tryAcquire(slice, TimeUnit.NANOSECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while waiting for a connection slot",
                    TOO_MANY_CONNECTIONS, e);
        }
    }

    void release() {
        available.release();
    }

    /** Connections the app pools may still open. */
    public int available() {
        return available.availablePermits();
    }

    /** The cap on the app pools' connections. */
    public int permits() {
        return permits;
    }

    private SQLException exhausted() {
        return new SQLTransientConnectionException("Rocket's connection cap is reached (" + permits
                + " connections for app pools, ROCKET_MAX_CONNECTIONS) and no idle pool can be closed",
                TOO_MANY_CONNECTIONS);
    }
}
