package dev.rocket.tenancy;

import dev.rocket.auth.DefaultCredentials;
import dev.rocket.auth.Passwords;
import dev.rocket.auth.TokenIssuer;
import dev.rocket.auth.UserTables;
import dev.rocket.config.Settings;
import dev.rocket.db.Databases;
import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The apps loaded on this node, by name. An app is loaded lazily on its first request (its row in
 * {@code _apps} must be active) and evicted when it is deleted here or on another node.
 */
public final class AppDirectory implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AppDirectory.class.getName());
    public static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_-]{0,62}$");

    private final Databases databases;
    private final Settings settings;
    private final Map<String, AppContext> apps = new ConcurrentHashMap<>();
    private final ScheduledExecutorService idleCloser;
    private volatile Consumer<AppContext> onLoad = app -> { };

    private final dev.rocket.expr.ExpressionEngine engine;

    public AppDirectory(Databases databases, Settings settings, dev.rocket.expr.ExpressionEngine engine) {
        this.engine = engine;
        this.databases = databases;
        this.settings = settings;
        this.idleCloser = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rocket-idle-pools");
            t.setDaemon(true);
            return t;
        });
        long idleSeconds = settings.getLong("ROCKET_APP_POOL_IDLE_CLOSE", 600);
        idleCloser.scheduleWithFixedDelay(() -> closeIdle(TimeUnit.SECONDS.toNanos(idleSeconds)),
                60, 60, TimeUnit.SECONDS);
    }

    /** Work to do when an app's database is first opened on this node (after its system migrations). */
    public void onLoad(Consumer<AppContext> hook) {
        this.onLoad = hook;
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
        Map<String, Object> row = Tx.read(databases.management(), c -> Jdbc.queryOne(c, SqlFragment.of(
                "SELECT name, db_name, jwt_secret FROM _apps WHERE name = ? AND status = 'active'", name)));
        if (row == null) {
            throw notFound(name);
        }
        return apps.computeIfAbsent(name, n -> newContext(n, (String) row.get("db_name"), (String) row.get("jwt_secret")));
    }

    public boolean exists(String name) {
        try {
            require(name);
            return true;
        } catch (ApiException e) {
            return false;
        }
    }

    private AppContext newContext(String name, String dbName, String secret) {
        TokenIssuer issuer = new TokenIssuer(secret, "rocket:app:" + name, settings.accessTokenTtlSeconds());
        return new AppContext(name, dbName, issuer, databases, this::firstOpen, engine);
    }

    private void firstOpen(AppContext app) {
        seedAdmin(app);
        onLoad.accept(app);
    }

    /** Seeds admin@localhost / changeme into an app without users; warns while that password is still in use. */
    static void seedAdmin(AppContext app) {
        boolean seeded = Tx.inTransaction(app.dataSource(), c -> {
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
        DefaultCredentials.warnIfInUse(app.dataSource(), UserTables.APP, List.of(DefaultCredentials.APP_ADMIN_EMAIL),
                "App '" + app.name() + "'");
    }

    /** Forgets an app on this node and closes its pool (deleted here or elsewhere). */
    public void evict(String name) {
        AppContext ctx = apps.remove(name);
        if (ctx != null) {
            ctx.close();
        }
    }

    public List<AppContext> loaded() {
        return List.copyOf(apps.values());
    }

    private void closeIdle(long idleNanos) {
        for (AppContext ctx : apps.values()) {
            if (ctx.idleNanos() > idleNanos && ctx.closeIfIdle()) {
                LOG.fine(() -> "Closed idle pool of app " + ctx.name());
            }
        }
    }

    static ApiException notFound(String name) {
        return new ApiException(ErrorCode.APP_NOT_FOUND, "App not found: " + name);
    }

    @Override
    public void close() {
        idleCloser.shutdownNow();
        for (String name : List.copyOf(apps.keySet())) {
            evict(name);
        }
    }
}
