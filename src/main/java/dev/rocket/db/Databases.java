package dev.rocket.db;

import com.zaxxer.hikari.HikariDataSource;
import dev.rocket.config.Settings;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Where the databases are. The management database comes from JNDI {@code java:comp/env/jdbc/rocket},
 * else from {@code ROCKET_DB_URL}/{@code _USER}/{@code _PASSWORD}, else from an embedded PostgreSQL
 * (development only) whose data lives in {@code ROCKET_DATA_DIR} (default {@code ~/.rocket}). App
 * databases live on the same server and are reached with the same credentials.
 */
public final class Databases implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Databases.class.getName());
    public static final String JNDI_NAME = "java:comp/env/jdbc/rocket";

    private final DataSource management;
    private final HikariDataSource ownedManagement;
    private final AutoCloseable embedded;
    private final String serverUrlPrefix;
    private final String urlQuery;
    private final String managementDbName;
    private final String user;
    private final String password;
    private final Settings settings;
    private final ConnectionBudget appConnections;
    private final String description;
    private final PoolThreads threads;

    private Databases(Settings settings, PoolThreads threads, DataSource management, HikariDataSource owned,
                      AutoCloseable embedded, String jdbcUrl, String user, String password, String description) {
        this.settings = settings;
        this.threads = threads;
        this.description = description;
        this.management = management;
        this.ownedManagement = owned;
        this.embedded = embedded;
        int q = jdbcUrl.indexOf('?');
        String base = q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
        int slash = base.lastIndexOf('/');
        this.serverUrlPrefix = base.substring(0, slash + 1);
        this.urlQuery = q < 0 ? "" : jdbcUrl.substring(q);
        this.managementDbName = base.substring(slash + 1);
        this.user = user;
        this.password = password;
        this.appConnections = ConnectionBudget.forApps(settings, management);
    }

    public static Databases open(Settings settings) {
        DataSource jndi = lookupJndi();
        if (jndi != null) {
            return fromJndi(settings, jndi);
        }
        String url = settings.dbUrl().orElse(null);
        if (url != null) {
            String user = settings.dbUser().orElse("postgres");
            String password = settings.dbPassword().orElse("");
            ensureDatabase(url, user, password);
            PoolThreads threads = new PoolThreads();
            HikariDataSource ds = Pools.management(settings, threads, url, user, password);
            LOG.info(() -> "Rocket management database: " + url);
            return new Databases(settings, threads, ds, ds, null, url, user, password, withoutQuery(url));
        }
        return embedded(settings);
    }

    private static Databases fromJndi(Settings settings, DataSource ds) {
        String jndiUrl = reflect(ds, "getUrl", "getJdbcUrl");
        if (jndiUrl != null && jndiUrl.startsWith("jdbc:postgresql:")) {
            // create the management database on first start, as for ROCKET_DB_URL
            ensureDatabase(jndiUrl, settings.dbUser().orElse(reflect(ds, "getUsername", "getUser")),
                    settings.dbPassword().orElse(reflect(ds, "getPassword")));
        }
        try (Connection c = ds.getConnection()) {
            requirePostgres(c, JNDI_NAME);
            String url = c.getMetaData().getURL();
            String user = settings.dbUser().orElse(reflect(ds, "getUsername", "getUser"));
            if (user == null) {
                user = c.getMetaData().getUserName();
            }
            String password = settings.dbPassword().orElse(reflect(ds, "getPassword"));
            LOG.info(() -> "Rocket management database from JNDI " + JNDI_NAME + ": " + url);
            return new Databases(settings, new PoolThreads(), ds, null, null, url, user, password == null ? "" : password,
                    "JNDI " + JNDI_NAME + " (" + withoutQuery(url) + ")");
        } catch (SQLException e) {
            throw new IllegalStateException("JNDI DataSource " + JNDI_NAME + " is not usable: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a data source that is not PostgreSQL, e.g. a container's example database that an unbound
     * resource reference fell back to (WildFly binds it to its H2 {@code ExampleDS}).
     */
    static void requirePostgres(Connection c, String where) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        if (!"PostgreSQL".equals(product)) {
            throw new IllegalStateException("The data source " + where + " is " + product + " ("
                    + c.getMetaData().getURL() + "), not PostgreSQL: Rocket needs PostgreSQL. Bind it to a "
                    + "PostgreSQL data source in the container (see deploy/README.md); on WildFly the WAR's "
                    + "WEB-INF/jboss-web.xml maps it to java:jboss/datasources/rocket.");
        }
    }

    private static Databases embedded(Settings settings) {
        if (!EmbeddedDatabase.available()) {
            throw new IllegalStateException("No database configured: bind JNDI " + JNDI_NAME
                    + " or set ROCKET_DB_URL (see README). The embedded development database is only available "
                    + "under `mvn cargo:run`.");
        }
        Path dir = settings.dataDir().resolve("pgdata");
        LOG.warning("No database configured (JNDI " + JNDI_NAME + " or ROCKET_DB_URL): starting an EMBEDDED "
                + "PostgreSQL with data in " + dir + ". This is for development only; configure a real "
                + "database for production.");
        EmbeddedDatabase pg;
        try {
            pg = EmbeddedDatabase.start(dir, settings.embeddedDbPort());
        } catch (IllegalStateException e) {
            throw e; // a leftover that cannot be cleared: the message says what to do
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot start the embedded PostgreSQL in " + dir + " (" + e.getMessage()
                    + "). Set ROCKET_DATA_DIR to another directory, or configure a database (ROCKET_DB_URL).", e);
        }
        try {
            String url = pg.jdbcUrl("rocket");
            ensureDatabase(url, "postgres", "");
            PoolThreads threads = new PoolThreads();
            HikariDataSource ds = Pools.management(settings, threads, url, "postgres", "");
            return new Databases(settings, threads, ds, ds, pg, url, "postgres", "",
                    "embedded PostgreSQL on port " + pg.port() + ", data in " + dir + " (development only)");
        } catch (RuntimeException e) {
            try {
                pg.close();
            } catch (IOException | RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static DataSource lookupJndi() {
        try {
            Object o = new InitialContext().lookup(JNDI_NAME);
            if (!(o instanceof DataSource ds)) {
                return null;
            }
            // A resource-ref the container left unbound (e.g. Tomcat's empty default pool) does not count.
            boolean hasUrlGetter = hasGetter(ds, "getUrl") || hasGetter(ds, "getJdbcUrl");
            String url = reflect(ds, "getUrl", "getJdbcUrl");
            return hasUrlGetter && (url == null || url.isBlank()) ? null : ds;
        } catch (NamingException | RuntimeException e) {
            return null;
        }
    }

    private static boolean hasGetter(Object target, String name) {
        try {
            target.getClass().getMethod(name);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static String reflect(Object target, String... getters) {
        for (String g : getters) {
            try {
                Method m = target.getClass().getMethod(g);
                Object v = m.invoke(target);
                if (v instanceof String s) {
                    return s;
                }
            } catch (ReflectiveOperationException | RuntimeException ignored) {
                // not this kind of DataSource
            }
        }
        return null;
    }

    /** Creates the management database on first start when the server exists but the database does not. */
    private static void ensureDatabase(String url, String user, String password) {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        try (Connection c = connect(url, p)) {
            c.isValid(2);
        } catch (SQLException e) {
            if (!"3D000".equals(e.getSQLState())) {
                return; // the pool will report the real problem
            }
            int q = url.indexOf('?');
            String base = q < 0 ? url : url.substring(0, q);
            String name = base.substring(base.lastIndexOf('/') + 1);
            String admin = base.substring(0, base.lastIndexOf('/') + 1) + "postgres" + (q < 0 ? "" : url.substring(q));
            try (Connection c = connect(admin, p); var st = c.createStatement()) {
                st.execute("CREATE DATABASE " + SqlFragment.ident(name));
                LOG.info(() -> "Created management database " + name);
            } catch (SQLException e2) {
                LOG.log(Level.WARNING, "Could not create database " + name, e2);
            }
        }
    }

    /** Connects with the driver directly (DriverManager is unreliable inside containers). */
    private static Connection connect(String url, Properties p) throws SQLException {
        Connection c = new org.postgresql.Driver().connect(url, p);
        if (c == null) {
            throw new SQLException("Not a PostgreSQL JDBC URL: " + url);
        }
        return c;
    }

    public DataSource management() {
        return management;
    }

    public String managementDbName() {
        return managementDbName;
    }

    /**
     * A new small pool for one app database on the management server, within the node's connection budget;
     * connections unused for {@code idleTimeoutMillis} (at least 10 s) are closed.
     */
    public Pool openAppPool(String app, String dbName, long idleTimeoutMillis) {
        return Pools.app(settings, threads, appUrl(dbName), user, password, "rocket-app-" + app, idleTimeoutMillis,
                appConnections);
    }

    /** A new small pool for an app whose tables live in a schema of a database Rocket does not own. */
    public Pool openAppPool(String app, AppSource source, long idleTimeoutMillis) {
        DataSource container = source.isJndi() ? lookupAppDataSource(source.datasource()) : null;
        return Pools.external(settings, threads, container, source.datasource(), source.user(), appPassword(source),
                source.schema(), "rocket-app-" + app, idleTimeoutMillis);
    }

    /**
     * One connection to an app's own data source (not pooled; for creating or dropping its schema). Fails with
     * {@link IllegalArgumentException} when the JNDI name is not bound to a data source or the database is
     * not PostgreSQL, with {@link SQLException} when no connection can be made.
     */
    public Connection connectApp(AppSource source) throws SQLException {
        Connection c;
        if (source.isJndi()) {
            c = lookupAppDataSource(source.datasource()).getConnection();
        } else {
            Properties p = new Properties();
            p.setProperty("user", source.user());
            p.setProperty("password", Objects.requireNonNullElse(appPassword(source), ""));
            p.setProperty("connectTimeout", "10");
            c = connect(source.datasource(), p);
        }
        try {
            requirePostgres(c, source.isJndi() ? source.datasource() : "of the app");
            return c;
        } catch (IllegalStateException e) {
            c.close();
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The container's data source bound to {@code name}, or {@link IllegalArgumentException}. */
    private static DataSource lookupAppDataSource(String name) {
        Object o;
        try {
            o = new InitialContext().lookup(name);
        } catch (NamingException | RuntimeException e) {
            throw new IllegalArgumentException("No data source is bound to the JNDI name " + name);
        }
        if (!(o instanceof DataSource ds)) {
            throw new IllegalArgumentException("The JNDI name " + name + " is bound to something else than a data source");
        }
        return ds;
    }

    /** A setting of this server (system property, then environment variable). */
    public Optional<String> setting(String name) {
        return settings.get(name);
    }

    /** The password of an app's JDBC URL, from the setting the app names (never stored by Rocket). */
    private String appPassword(AppSource source) {
        return source.passwordSetting() == null ? null : settings.get(source.passwordSetting()).orElse(null);
    }

    /** The cap on the physical connections of all app pools of this node together. */
    public ConnectionBudget appConnections() {
        return appConnections;
    }

    public String appUrl(String dbName) {
        return serverUrlPrefix + dbName + urlQuery;
    }

    /** A JDBC URL without its parameters (they may hold a password). */
    private static String withoutQuery(String url) {
        int q = url == null ? -1 : url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /** Where the management database is, for the start line: a URL (no credentials), JNDI or embedded. */
    public String description() {
        return description;
    }

    public boolean isEmbedded() {
        return embedded != null;
    }

    /** How long {@link #close()} waits for the pools' threads to end. */
    private static final Duration POOL_THREADS_END = Duration.ofSeconds(15);

    /**
     * Closes the management pool if Rocket opened it (a container's pool is the container's to close) and
     * waits until the threads of every pool Rocket opened have ended (app pools are closed before this).
     */
    @Override
    public void close() {
        if (ownedManagement != null) {
            ownedManagement.close();
        }
        Set<Thread> left = threads.awaitEnd(POOL_THREADS_END);
        if (!left.isEmpty()) {
            LOG.warning(() -> "Pool threads still running " + POOL_THREADS_END.toSeconds() + " s after their pools closed: "
                    + left.stream().map(Thread::getName).sorted().toList());
        }
        if (embedded != null) {
            try {
                embedded.close();
            } catch (Exception e) {
                LOG.log(Level.WARNING, "Embedded PostgreSQL did not stop cleanly", e);
            }
        }
    }
}
