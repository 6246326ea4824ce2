package dev.rocket.tenancy;

import dev.rocket.auth.ActiveUsers;
import dev.rocket.auth.TokenIssuer;
import dev.rocket.db.AppSource;
import dev.rocket.db.CountCache;
import dev.rocket.db.Databases;
import dev.rocket.db.LazyPool;
import dev.rocket.db.Pool;
import dev.rocket.db.Tx;
import dev.rocket.error.SqlErrors;
import dev.rocket.metadata.Registry;
import dev.rocket.metadata.RegistryLoader;
import dev.rocket.schema.SystemMigrations;
import java.sql.Connection;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * One loaded app on this node: its name, database, token issuer and a lazily opened, small pool. The
 * pool is closed when the app is deleted, when no request has used it for a while, or when the node needs
 * its connections for other apps; it is reopened on the next use. Background work uses the pool through
 * {@link #backgroundDataSource()}, which does not count as use.
 */
public final class AppContext {
    private final String name;
    private final String dbName;
    /** Where the app's tables are when Rocket does not own its database; null for its own database. */
    private final AppSource source;
    private final TokenIssuer tokens;
    private final Databases databases;
    private final Events events;
    private final LazyPool pool;
    private volatile boolean migrated;
    private volatile boolean prepared;
    /** Never requested yet: a pool opened only by background work is idle at once. */
    private volatile long lastRequestNanos = System.nanoTime() - TimeUnit.DAYS.toNanos(365);
    private volatile long inUseReportedNanos = lastRequestNanos;
    private volatile Registry registry;
    private final ActiveUsers activeUsers;
    private final CountCache counts = new CountCache();

    private final RegistryLoader loader;

    AppContext(String name, String dbName, AppSource source, TokenIssuer tokens, Databases databases,
               Events events, RegistryLoader loader) {
        this.loader = loader;
        this.name = name;
        this.dbName = dbName;
        this.source = source;
        this.tokens = tokens;
        this.databases = databases;
        this.events = events;
        this.pool = new LazyPool(this::openPool, this::opened, () -> AppDirectory.notFound(name));
        this.activeUsers = new ActiveUsers(this::dataSource, "_users", 30);
    }

    /** List totals kept between writes (see {@link dev.rocket.db.CountCache}). */
    public CountCache counts() {
        return counts;
    }

    /**
     * After a committed write to the app's records, on the connection it committed on (in auto-commit mode; no
     * second trip through the pool): advances the data version so no node keeps an old total.
     */
    public void recordsChanged(Connection c) {
        counts.advance(c);
    }

    /** Cached "does this user still exist and is active" answers for token checks. */
    public ActiveUsers activeUsers() {
        return activeUsers;
    }

    public String name() {
        return name;
    }

    public String dbName() {
        return dbName;
    }

    public TokenIssuer tokens() {
        return tokens;
    }

    /**
     * The app's pool for serving a request: counts as use (an app whose pool nobody requested for a while is
     * closed, see {@link AppDirectory}) and tells the background tasks to visit the app. Opens the pool (and
     * migrates the app's system tables once per node) on first use.
     */
    public DataSource dataSource() {
        long now = System.nanoTime();
        lastRequestNanos = now;
        if (now - inUseReportedNanos > events.inUseRenewNanos()) {
            inUseReportedNanos = now;
            events.inUse(this);
        }
        return pool;
    }

    /**
     * The same pool for background work (retries, timeouts, maintenance): such use never keeps the pool
     * open, and a pool it had to open is closed again right after the work.
     */
    public DataSource backgroundDataSource() {
        return pool;
    }

    /**
     * Opens the pool now, migrating and seeding the app on first open: its creation, which counts as a request
     * (the background tasks visit a new app for its first lease).
     */
    void openForCreation() {
        dataSource();
        pool.pool();
    }

    private Pool openPool() {
        Pool p = source == null ? databases.openAppPool(name, dbName, events.connectionIdleMillis())
                : databases.openAppPool(name, source, events.connectionIdleMillis());
        if (!migrated) {
            try {
                SystemMigrations.migrateApp(p);
            } catch (RuntimeException e) {
                p.close();
                throw SqlErrors.unavailableOr(e);
            }
            migrated = true;
        }
        return p;
    }

    private void opened() {
        if (!prepared) {
            events.firstOpen(this);
            prepared = true; // after a failure, the next opening tries again
        }
    }

    /** The current metadata snapshot (loaded on first use; replaced atomically by {@link #reload()}). */
    public Registry registry() {
        Registry r = registry;
        if (r == null) {
            synchronized (this) {
                if (registry == null) {
                    registry = Tx.autoCommit(pool, loader::load);
                }
                r = registry;
            }
        }
        return r;
    }

    /** Rebuilds the snapshot from the database and swaps it in. Requests in flight keep the old one. */
    public void reload() {
        Registry r = Tx.autoCommit(pool, loader::load);
        synchronized (this) {
            registry = r;
        }
        afterChange();
    }

    /**
     * Drops the snapshot without reading the database (nor opening the pool): the next use loads it again. For
     * an app whose definitions changed while its pool is closed.
     */
    void invalidate() {
        synchronized (this) {
            registry = null;
        }
        afterChange();
    }

    private void afterChange() {
        counts.clear(); // a changed definition may have changed what a count query means
        // DDL may have changed result types: connections (and their prepared statements) are replaced as
        // they come back to the pool, so statements planned before the change are not reused.
        pool.softEvictConnections();
    }
    /** Nanoseconds since a request last asked for the pool. */
    long requestIdleNanos() {
        return System.nanoTime() - lastRequestNanos;
    }

    boolean isOpen() {
        return pool.isOpen();
    }

    /**
     * Closes the pool if no connection is out (the next use opens a new one); with {@code onlyIfHolding}, only
     * if it holds idle connections.
     */
    boolean closeIfIdle(boolean onlyIfHolding) {
        return pool.closeIfIdle(onlyIfHolding);
    }

    void close() {
        pool.close();
    }

    /**
     * Closes the pool once the connections in use come back, waiting at most {@code maxMillis} (then closes it
     * anyway): an app being deleted lets the background task or request using it finish, so that dropping its
     * database does not cut a connection in the middle of its work.
     */
    void closeDraining(long maxMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
        try {
            while (pool.isOpen() && !pool.closeIfIdle(false) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.close();
    }

    /** What the app directory does when an app's pool opens or serves requests. */
    interface Events {
        /** The pool opened for the first time on this node (after the system migrations). */
        void firstOpen(AppContext app);

        /** Requests use the app: tell the background tasks (called at most once per {@link #inUseRenewNanos}). */
        void inUse(AppContext app);

        long inUseRenewNanos();

        /** How long a connection may sit unused in the pool. */
        long connectionIdleMillis();
    }
}
