package dev.rocket.tenancy;

import com.zaxxer.hikari.HikariDataSource;
import dev.rocket.auth.TokenIssuer;
import dev.rocket.db.Databases;
import dev.rocket.db.Tx;
import dev.rocket.metadata.Registry;
import dev.rocket.schema.SystemMigrations;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * One loaded app on this node: its name, database, token issuer and a lazily opened, small pool. The
 * pool is closed when the app is deleted or has been idle for a while, and reopened on the next use.
 */
public final class AppContext {
    private final String name;
    private final String dbName;
    private final TokenIssuer tokens;
    private final Databases databases;
    private final Consumer<AppContext> onFirstOpen;
    private volatile HikariDataSource pool;
    private volatile boolean migrated;
    private volatile long lastUsedNanos = System.nanoTime();
    private volatile Registry registry;
    private final dev.rocket.auth.ActiveUsers activeUsers;

    private final dev.rocket.expr.ExpressionEngine engine;

    AppContext(String name, String dbName, TokenIssuer tokens, Databases databases, Consumer<AppContext> onFirstOpen,
               dev.rocket.expr.ExpressionEngine engine) {
        this.engine = engine;
        this.name = name;
        this.dbName = dbName;
        this.tokens = tokens;
        this.databases = databases;
        this.onFirstOpen = onFirstOpen;
        this.activeUsers = new dev.rocket.auth.ActiveUsers(this::dataSource, "_users", 30);
    }

    /** Cached "does this user still exist and is active" answers for token checks. */
    public dev.rocket.auth.ActiveUsers activeUsers() {
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

    /** The app's pool; opens it (and migrates the app's system tables once per node) on first use. */
    public DataSource dataSource() {
        lastUsedNanos = System.nanoTime();
        HikariDataSource p = pool;
        if (p != null && !p.isClosed()) {
            return p;
        }
        synchronized (this) {
            p = pool;
            if (p == null || p.isClosed()) {
                p = databases.openAppPool(name, dbName);
                if (!migrated) {
                    SystemMigrations.migrateApp(p);
                    migrated = true;
                    pool = p;
                    onFirstOpen.accept(this);
                }
                pool = p;
            }
            return p;
        }
    }

    /** The current metadata snapshot (loaded on first use; replaced atomically by {@link #reload()}). */
    public Registry registry() {
        Registry r = registry;
        if (r == null) {
            synchronized (this) {
                if (registry == null) {
                    registry = Tx.read(dataSource(), c -> Registry.load(c, engine));
                }
                r = registry;
            }
        }
        return r;
    }

    /** Rebuilds the snapshot from the database and swaps it in. Requests in flight keep the old one. */
    public void reload() {
        Registry r = Tx.read(dataSource(), c -> Registry.load(c, engine));
        synchronized (this) {
            registry = r;
        }
        // DDL may have changed result types: connections (and their prepared statements) are replaced as
        // they come back to the pool, so statements planned before the change are not reused.
        HikariDataSource p = pool;
        var mx = p == null || p.isClosed() ? null : p.getHikariPoolMXBean();
        if (mx != null) {
            mx.softEvictConnections();
        }
    }

    long idleNanos() {
        return System.nanoTime() - lastUsedNanos;
    }

    /** Closes the pool if nothing uses it; the next request opens a new one. */
    synchronized boolean closeIfIdle() {
        HikariDataSource p = pool;
        if (p == null || p.isClosed()) {
            return false;
        }
        var mx = p.getHikariPoolMXBean();
        if (mx != null && mx.getActiveConnections() > 0) {
            return false;
        }
        pool = null;
        p.close();
        return true;
    }

    synchronized void close() {
        HikariDataSource p = pool;
        pool = null;
        if (p != null) {
            p.close();
        }
    }
}
