package dev.rocket.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cached status of a user is never older than the last invalidation: a status read while the user's
 * deactivation commits (the read began before, the invalidation ran before the status was cached) answers that
 * one request with what it read, and is not kept. A database of its own (the integration tests' server, else an
 * embedded PostgreSQL).
 */
class ActiveUsersIT {
    private static EmbeddedPostgres embedded;
    private static String serverUrl;
    private static String dbName;
    private static HikariDataSource ds;

    /** Runs once when the next connection handed out by {@link #hooked} is closed, i.e. right after a status read. */
    private final AtomicReference<Runnable> afterRead = new AtomicReference<>();
    private final DataSource hooked = hookedDataSource();
    private ActiveUsers users;
    private String id;

    @BeforeAll
    static void database() throws Exception {
        String url = System.getProperty("ROCKET_TEST_DB_URL", "");
        if (url.isBlank()) {
            embedded = EmbeddedPostgres.builder().start();
            url = embedded.getJdbcUrl("postgres", "postgres");
        }
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        serverUrl = base.substring(0, base.lastIndexOf('/') + 1) + "postgres" + (q < 0 ? "" : url.substring(q));
        dbName = "rocket_users_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = DriverManager.getConnection(serverUrl, user(), "")) {
            c.createStatement().execute("CREATE DATABASE " + dbName);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(serverUrl.replace("/postgres", "/" + dbName));
        config.setUsername(user());
        config.setMaximumPoolSize(3);
        ds = new HikariDataSource(config);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE users_t (id uuid PRIMARY KEY, active boolean NOT NULL)");
        }
    }

    private static String user() {
        String u = System.getProperty("ROCKET_TEST_DB_USER", "");
        return u.isBlank() ? "postgres" : u;
    }

    @AfterAll
    static void drop() throws Exception {
        ds.close();
        try (Connection c = DriverManager.getConnection(serverUrl, user(), "")) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)");
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    @BeforeEach
    void activeUser() throws SQLException {
        id = UUID.randomUUID().toString();
        execute("INSERT INTO users_t (id, active) VALUES ('" + id + "', true)");
        users = new ActiveUsers(() -> hooked, "users_t", 30);
    }

    @Test
    void aStatusReadWhileTheUserIsDeactivatedIsNotKept() {
        afterRead.set(() -> {
            execute("UPDATE users_t SET active = false WHERE id = '" + id + "'");
            users.invalidate(id);
        });

        assertThat(users.isActive(id)).as("the read that began before the deactivation").isTrue();
        assertThat(afterRead.get()).as("the deactivation ran").isNull();
        assertThat(users.isActive(id)).as("every read after the invalidation").isFalse();
    }

    @Test
    void aStatusReadWhileAllStatusesAreForgottenIsNotKept() {
        afterRead.set(() -> {
            execute("UPDATE users_t SET active = false WHERE id = '" + id + "'");
            users.invalidateAll();
        });

        assertThat(users.isActive(id)).isTrue();
        assertThat(users.isActive(id)).isFalse();
    }

    @Test
    void aStatusIsCachedUntilItIsInvalidated() {
        assertThat(users.isActive(id)).isTrue();
        execute("UPDATE users_t SET active = false WHERE id = '" + id + "'");
        assertThat(users.isActive(id)).as("cached: the change was not announced").isTrue();

        users.invalidate(id);

        assertThat(users.isActive(id)).isFalse();
    }

    private static void execute(String sql) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private DataSource hookedDataSource() {
        return new DataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                Connection real = ds.getConnection();
                return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                            if (method.getName().equals("close")) {
                                real.close();
                                Runnable hook = afterRead.getAndSet(null);
                                if (hook != null) {
                                    hook.run();
                                }
                                return null;
                            }
                            try {
                                return method.invoke(real, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }

            @Override
            public Connection getConnection(String username, String password) {
                throw new UnsupportedOperationException();
            }

            @Override
            public PrintWriter getLogWriter() {
                return null;
            }

            @Override
            public void setLogWriter(PrintWriter out) {
            }

            @Override
            public void setLoginTimeout(int seconds) {
            }

            @Override
            public int getLoginTimeout() {
                return 0;
            }

            @Override
            public Logger getParentLogger() throws SQLFeatureNotSupportedException {
                throw new SQLFeatureNotSupportedException();
            }

            @Override
            public <T> T unwrap(Class<T> iface) throws SQLException {
                throw new SQLException("not a wrapper");
            }

            @Override
            public boolean isWrapperFor(Class<?> iface) {
                return false;
            }
        };
    }
}
