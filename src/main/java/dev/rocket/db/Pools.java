package dev.rocket.db;

import com.zaxxer.hikari.HikariConfig;
import dev.rocket.config.Settings;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * The HikariCP settings of Rocket's pools. No pool keeps a connection it does not use: the minimum idle
 * is 0, so HikariCP retires every connection idle for {@code idleTimeout} (keepalive pings only touch
 * connections the pool keeps anyway). App pools open their connections within the node's
 * {@link ConnectionBudget}.
 */
final class Pools {
    /** HikariCP's smallest idle timeout. */
    static final long MIN_IDLE_TIMEOUT_MILLIS = 10_000;
    static final long IDLE_TIMEOUT_MILLIS = 120_000;
    static final long CONNECTION_TIMEOUT_MILLIS = 10_000;

    private Pools() {
    }

    static Pool management(Settings settings, PoolThreads threads, String url, String user, String password) {
        HikariConfig cfg = config(settings.managementPoolSize(), IDLE_TIMEOUT_MILLIS, "rocket-management", threads);
        cfg.setJdbcUrl(url);
        cfg.setDriverClassName("org.postgresql.Driver");
        cfg.setUsername(user);
        cfg.setPassword(password);
        cfg.setDataSourceProperties(driverProperties(settings));
        return new Pool(cfg);
    }

    /** An app's pool; its connections are retired after {@code idleTimeoutMillis} unused (at least 10 s). */
    static Pool app(Settings settings, PoolThreads threads, String url, String user, String password, String name, long idleTimeoutMillis,
                    ConnectionBudget budget) {
        HikariConfig cfg = config(settings.appPoolSize(), Math.max(MIN_IDLE_TIMEOUT_MILLIS, idleTimeoutMillis), name,
                threads);
        Properties props = driverProperties(settings);
        props.setProperty("user", user);
        props.setProperty("password", password == null ? "" : password);
        cfg.setDataSource(new BudgetedConnections(url, props, budget));
        return new Pool(cfg);
    }

    /**
     * The pool of an app whose tables live in a schema of a database Rocket does not own: its connections
     * come from the container's data source or from the URL, and each starts with its search path set to the
     * app's schema. Not within the node's connection budget (that counts the management server's connections);
     * the container's pool, or {@code ROCKET_APP_POOL_SIZE}, bounds them.
     */
    static Pool external(Settings settings, PoolThreads threads, DataSource container, String url, String user, String password,
                         String schema, String name, long idleTimeoutMillis) {
        HikariConfig cfg = config(settings.appPoolSize(), Math.max(MIN_IDLE_TIMEOUT_MILLIS, idleTimeoutMillis), name,
                threads);
        if (container != null) {
            cfg.setDataSource(container);
        } else {
            cfg.setJdbcUrl(url);
            cfg.setDriverClassName("org.postgresql.Driver");
            cfg.setUsername(user);
            cfg.setPassword(password == null ? "" : password);
            cfg.setDataSourceProperties(driverProperties(settings));
        }
        cfg.setConnectionInitSql("SET search_path TO " + SqlFragment.ident(schema));
        return new Pool(cfg);
    }

    private static HikariConfig config(int size, long idleTimeoutMillis, String name, PoolThreads threads) {
        HikariConfig cfg = new HikariConfig();
        cfg.setMaximumPoolSize(size);
        cfg.setMinimumIdle(0);
        cfg.setIdleTimeout(idleTimeoutMillis);
        cfg.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        cfg.setPoolName(name);
        cfg.setInitializationFailTimeout(-1);
        cfg.setThreadFactory(threads.forPool(name));
        return cfg;
    }

    private static Properties driverProperties(Settings settings) {
        Properties p = new Properties();
        p.setProperty("reWriteBatchedInserts", "true");
        p.setProperty("prepareThreshold", "3");
        p.setProperty("ApplicationName", "rocket");
        // PostgreSQL's own plan choice by default: a statement prepared on the connection (prepareThreshold) is
        // planned once with generic parameters when that plan is no worse than the custom ones; an INSERT then
        // skips planning altogether. ANALYZE (autovacuum, or TableMaintenance when it is off) invalidates
        // cached plans as tables grow. force_custom_plan plans every execution for its values instead.
        String mode = settings.planCacheMode();
        String options = mode.matches("auto|force_custom_plan|force_generic_plan") ? "-c plan_cache_mode=" + mode : "";
        // PostgreSQL's default random_page_cost (4) models spinning disks: on SSDs and cached data it makes the
        // planner prefer heap scans over index(-only) scans, e.g. for list totals. "server" keeps the server's.
        String pageCost = settings.randomPageCost().trim();
        if (pageCost.matches("\\d{1,3}(\\.\\d{1,3})?")) {
            options += (options.isEmpty() ? "" : " ") + "-c random_page_cost=" + pageCost;
        }
        if (!options.isEmpty()) {
            p.setProperty("options", options);
        }
        return p;
    }
}
