package dev.rocket.tenancy;

import dev.rocket.auth.DefaultCredentials;
import dev.rocket.auth.Passwords;
import dev.rocket.auth.TokenIssuer;
import dev.rocket.auth.UserTables;
import dev.rocket.config.Settings;
import dev.rocket.db.AppSource;
import dev.rocket.db.Databases;
import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import dev.rocket.metadata.RegistryLoader;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The apps loaded on this node, by name. An app is loaded lazily on its first request (its row in
 * {@code _apps} must be active) and evicted when it is deleted here or on another node.
 *
 * <p>Also keeps the node's connections in check: a pool no request has used for
 * {@code ROCKET_APP_POOL_IDLE_CLOSE} seconds is closed; when the node's connection budget is used up, the
 * least recently requested idle pool is closed to make room; background tasks visit only the apps the
 * {@link WorkIndex} names, and close again a pool they had to open.
 */
public final class AppDirectory implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AppDirectory.class.getName());
    public static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_-]{0,62}$");
    /** How often a node tells the other nodes' tasks that it still serves an app. */
    static final long IN_USE_RENEW_SECONDS = 15;

    private final Databases databases;
    private final Settings settings;
    private final Map<String, AppContext> apps = new ConcurrentHashMap<>();
    private final ScheduledExecutorService idleCloser;
    /** Checks of apps' admin passwords against the default, one at a time, off the requests (see firstOpen). */
    private final ExecutorService passwordChecks = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "rocket-default-passwords");
        t.setDaemon(true);
        return t;
    });
    private final WorkIndex work;
    private final AppContext.Events events;
    private final RegistryLoader registries;

    /**
     * {@code inUseLeaseSeconds}: how long after an app's last request the background tasks keep visiting it
     * (longer than the longest interval between two runs of a task, so that each runs at least once).
     */
    public AppDirectory(Databases databases, Settings settings, RegistryLoader registries,
                        long inUseLeaseSeconds) {
        this.registries = registries;
        this.databases = databases;
        this.settings = settings;
        this.work = new WorkIndex(databases.management());
        long idleSeconds = settings.appPoolIdleCloseSeconds();
        this.events = new PoolEvents(Math.max(inUseLeaseSeconds, IN_USE_RENEW_SECONDS * 2),
                TimeUnit.SECONDS.toMillis(Math.min(idleSeconds, 120)));
        databases.appConnections().reclaimWith(this::closeLeastRecentlyRequested);
        this.idleCloser = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rocket-idle-pools");
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(1, Math.min(60, idleSeconds / 2));
        idleCloser.scheduleWithFixedDelay(() -> closeIdle(TimeUnit.SECONDS.toNanos(idleSeconds)), tick, tick,
                TimeUnit.SECONDS);
    }

    /** The active app of that name, or 404 APP_NOT_FOUND. */
    public AppContext require(String name) {
        AppContext ctx = name == null ? null : apps.get(name);
        if (ctx != null) {
            return ctx;
        }
        if (name != null && name.startsWith("_")) {
            throw ApiException.notFound("Route not found"); // /api/_platform/… and friends: not an app segment
        }
        if (name == null || !NAME.matcher(name).matches()) {
            throw notFound(name);
        }
        Map<String, Object> row = Tx.autoCommit(databases.management(), c -> Jdbc.queryOne(c, SqlFragment.of(
                "SELECT name, db_name, jwt_secret, datasource, db_user, db_password_setting FROM _apps "
                        + "WHERE name = ? AND status = 'active'", name)));
        if (row == null) {
            throw notFound(name);
        }
        return apps.computeIfAbsent(name, n -> newContext(n, (String) row.get("db_name"), source(row),
                (String) row.get("jwt_secret")));
    }

    /** Where the app's tables are, when not in a database of its own ({@code _apps} row; null otherwise). */
    static AppSource source(Map<String, Object> row) {
        String datasource = (String) row.get("datasource");
        return datasource == null ? null : new AppSource(datasource, (String) row.get("db_user"),
                (String) row.get("db_password_setting"), (String) row.get("db_name"));
    }

    private AppContext newContext(String name, String dbName, AppSource source, String secret) {
        TokenIssuer issuer = new TokenIssuer(secret, "rocket:app:" + name, settings.accessTokenTtlSeconds());
        return new AppContext(name, dbName, source, issuer, databases, events, registries);
    }

    /**
     * Seeds admin@localhost / changeme into an app without users (and warns); true if it did. An app that had
     * users already is checked for that password later, off the request that opened it (see {@link #firstOpen}).
     */
    static boolean seedAdmin(AppContext app) {
        boolean seeded = Tx.inTransaction(app.backgroundDataSource(), c -> {
            if (Jdbc.queryLong(c, SqlFragment.of("SELECT COUNT(*) FROM _users")) > 0) {
                return false;
            }
            return Jdbc.update(c, SqlFragment.of("INSERT INTO _users (email, password_hash, roles) VALUES (?, ?, ?) "
                            + "ON CONFLICT (email) DO NOTHING", "admin@localhost", Passwords.hash("changeme"),
                    new Jdbc.SqlArray("text", new Object[] {"admin"}))) > 0;
        });
        if (seeded) {
            LOG.warning("App '" + app.name() + "': seeded admin user admin@localhost with password 'changeme'. "
                    + "Change it now.");
        }
        return seeded;
    }

    /**
     * The app's pool opened for the first time on this node: seeds its admin, or, when it had users, queues the
     * check that warns while admin@localhost still signs in with the default password. That check is one bcrypt
     * verification (tens of milliseconds of CPU): the request that opened the app does not wait for it.
     */
    private void firstOpen(AppContext app) {
        if (seedAdmin(app)) {
            return;
        }
        try {
            passwordChecks.execute(() -> {
                try {
                    DefaultCredentials.warnIfInUse(app.backgroundDataSource(), UserTables.APP,
                            List.of(DefaultCredentials.APP_ADMIN_EMAIL), "App '" + app.name() + "'");
                } catch (RuntimeException e) {
                    LOG.fine(() -> "Default password check of app " + app.name() + " skipped: " + e);
                }
            });
        } catch (RejectedExecutionException e) {
            // the node is stopping
        }
    }

    /** How long deleting an app waits for the work in progress on its pool (then cuts it). */
    static final long DELETE_DRAIN_MILLIS = 10_000;

    /**
     * Forgets an app that is being deleted here: new requests find no app, and its pool is closed once the work
     * in progress on it (a request, a background task) is done, at most {@link #DELETE_DRAIN_MILLIS}.
     */
    public void evictForDeletion(String name) {
        AppContext ctx = apps.remove(name);
        if (ctx != null) {
            ctx.closeDraining(DELETE_DRAIN_MILLIS);
        }
    }

    /** Forgets an app on this node and closes its pool (deleted here or elsewhere). */
    public void evict(String name) {
        AppContext ctx = apps.remove(name);
        if (ctx != null) {
            ctx.close();
        }
    }

    /**
     * After this node may have missed other nodes' notifications (its listener reconnected): forgets the apps
     * deleted meanwhile, and every other loaded app's definitions and cached user statuses, which are read again on
     * their next use.
     */
    void resync() {
        List<String> loaded = List.copyOf(apps.keySet());
        if (loaded.isEmpty()) {
            return;
        }
        Set<String> active = Tx.autoCommit(databases.management(), c -> Jdbc.query(c, SqlFragment.of(
                "SELECT name FROM _apps WHERE status = 'active' AND name = ANY(?)",
                new Jdbc.SqlArray("text", loaded.toArray())))).stream().map(r -> (String) r.get("name"))
                .collect(Collectors.toSet());
        for (String name : loaded) {
            if (!active.contains(name)) {
                evict(name);
                continue;
            }
            AppContext ctx = apps.get(name);
            if (ctx != null) {
                ctx.invalidate();
                ctx.activeUsers().invalidateAll();
            }
        }
    }

    public List<AppContext> loaded() {
        return List.copyOf(apps.values());
    }

    /**
     * Runs {@code task} for every app whose background work may be due or that served requests recently, on
     * any node; then records when its work is next due. A pool opened only for this is closed again.
     */
    public void eachDue(String what, Consumer<AppContext> task) {
        visit(what, work::due, app -> {
            task.accept(app);
            work.reschedule(app.name(), app.backgroundDataSource());
        });
    }

    /** Runs {@code task} for every app that served requests recently, on any node. */
    public void eachInUse(String what, Consumer<AppContext> task) {
        visit(what, work::inUse, task);
    }

    private void visit(String what, Supplier<List<String>> names, Consumer<AppContext> task) {
        List<String> due;
        try {
            due = names.get();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, what + " failed", e);
            return;
        }
        for (String name : due) {
            try {
                AppContext app = require(name);
                boolean wasOpen = app.isOpen();
                long started = System.nanoTime();
                try {
                    task.accept(app);
                } finally {
                    if (!wasOpen && app.requestIdleNanos() > System.nanoTime() - started) {
                        app.closeIfIdle(false); // opened for this visit only, and no request came meanwhile
                    }
                }
            } catch (RuntimeException e) {
                if (apps.containsKey(name)) {
                    LOG.log(Level.WARNING, what + " of app " + name + " failed", e);
                } else {
                    // deleted (here or on another node) while the task ran: nothing is left to do for it
                    LOG.fine(() -> what + " of app " + name + " stopped: the app was deleted meanwhile (" + e + ")");
                }
            }
        }
    }

    private void closeIdle(long idleNanos) {
        for (AppContext ctx : apps.values()) {
            if (ctx.requestIdleNanos() > idleNanos && ctx.closeIfIdle(false)) {
                LOG.fine(() -> "Closed idle pool of app " + ctx.name());
            }
        }
    }

    /** The connection budget is used up: closes the idle pool requested least recently that holds connections. */
    private boolean closeLeastRecentlyRequested() {
        List<AppContext> open = apps.values().stream().filter(AppContext::isOpen)
                .sorted(Comparator.comparingLong(AppContext::requestIdleNanos).reversed()).toList();
        for (AppContext ctx : open) {
            if (ctx.closeIfIdle(true)) {
                LOG.fine(() -> "Closed the pool of app " + ctx.name() + " to free connections for another app");
                return true;
            }
        }
        return false;
    }

    /** What an app's context reports to the directory. */
    private final class PoolEvents implements AppContext.Events {
        private final long leaseSeconds;
        private final long connectionIdleMillis;

        PoolEvents(long leaseSeconds, long connectionIdleMillis) {
            this.leaseSeconds = leaseSeconds;
            this.connectionIdleMillis = connectionIdleMillis;
        }

        @Override
        public void firstOpen(AppContext app) {
            AppDirectory.this.firstOpen(app);
        }

        @Override
        public void inUse(AppContext app) {
            try {
                work.inUse(app.name(), leaseSeconds);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not record that app " + app.name() + " is in use", e);
            }
        }

        @Override
        public long inUseRenewNanos() {
            return TimeUnit.SECONDS.toNanos(IN_USE_RENEW_SECONDS);
        }

        @Override
        public long connectionIdleMillis() {
            return connectionIdleMillis;
        }
    }

    static ApiException notFound(String name) {
        return new ApiException(ErrorCode.APP_NOT_FOUND, "App not found: " + name);
    }

    /**
     * Stops closing idle pools (waiting for a run in progress) and closes every app's pool for good: a task
     * still holding an app cannot open it again.
     */
    @Override
    public void close() {
        idleCloser.shutdownNow();
        passwordChecks.shutdownNow();
        try {
            if (!idleCloser.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warning("The idle pool closer did not stop within 10 s");
            }
            if (!passwordChecks.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warning("The default-password check did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String name : List.copyOf(apps.keySet())) {
            evict(name);
        }
    }
}
