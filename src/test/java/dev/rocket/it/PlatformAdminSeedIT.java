package dev.rocket.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocket.auth.DefaultCredentials;
import dev.rocket.auth.Passwords;
import dev.rocket.config.Settings;
import dev.rocket.it.support.RocketDatabase;
import dev.rocket.tenancy.PlatformService;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Issue 10, finding 10: the first platform admin can come from settings, and every start warns while the
 * platform admin still has the default password. Each test starts the platform scope on a management
 * database of its own (created and dropped here, on the integration tests' PostgreSQL server).
 */
@ExtendWith(RocketDatabase.class)
class PlatformAdminSeedIT {
    private static final String EMAIL = "ROCKET_PLATFORM_ADMIN_EMAIL";
    private static final String PASSWORD = "ROCKET_PLATFORM_ADMIN_PASSWORD";

    private final Logger logger = Logger.getLogger(DefaultCredentials.class.getName());
    private final List<String> warnings = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                warnings.add(r.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private String dbName;
    private PGSimpleDataSource ds;

    @BeforeEach
    void freshManagementDatabase() throws Exception {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        dbName = "rocket_seed_it_" + HexFormat.of().formatHex(b);
        try (Connection c = RocketDatabase.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + dbName);
        }
        String url = RocketDatabase.url();
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?', slash);
        ds = new PGSimpleDataSource();
        ds.setURL(url.substring(0, slash + 1) + dbName + (query < 0 ? "" : url.substring(query)));
        ds.setUser(System.getProperty("ROCKET_DB_USER"));
        ds.setPassword(System.getProperty("ROCKET_DB_PASSWORD"));
        logger.addHandler(capture);
    }

    @AfterEach
    void dropIt() throws Exception {
        logger.removeHandler(capture);
        System.clearProperty(EMAIL);
        System.clearProperty(PASSWORD);
        try (Connection c = RocketDatabase.connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)");
        }
    }

    private String hashOf(String email) throws Exception {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM _platform_users WHERE email = ?")) {
            ps.setString(1, email);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Test
    void theFirstAdminComesFromSettingsAndNoWarningFollows() throws Exception {
        System.setProperty(EMAIL, "ops@example.com");
        System.setProperty(PASSWORD, "a-long-secret-9");
        new PlatformService(ds, new Settings());
        assertThat(Passwords.verify("a-long-secret-9", hashOf("ops@example.com"))).isTrue();
        assertThat(hashOf(DefaultCredentials.PLATFORM_EMAIL)).as("no default admin besides").isNull();
        assertThat(warnings).isEmpty();

        // the settings seed an empty user table only: a later start with other values changes nothing
        System.setProperty(PASSWORD, "another-secret-9");
        new PlatformService(ds, new Settings());
        assertThat(Passwords.verify("a-long-secret-9", hashOf("ops@example.com"))).isTrue();
    }

    @Test
    void everyStartWarnsWhileTheDefaultPasswordIsInUse() throws Exception {
        new PlatformService(ds, new Settings());
        assertThat(Passwords.verify(DefaultCredentials.PASSWORD, hashOf(DefaultCredentials.PLATFORM_EMAIL))).isTrue();
        assertThat(warnings).singleElement().asString().contains("platform@localhost", "default password");

        new PlatformService(ds, new Settings());
        assertThat(warnings).as("again at the second start").hasSize(2);

        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE _platform_users SET password_hash = ? WHERE email = ?")) {
            ps.setString(1, Passwords.hash("changed-it-1"));
            ps.setString(2, DefaultCredentials.PLATFORM_EMAIL);
            ps.executeUpdate();
        }
        new PlatformService(ds, new Settings());
        assertThat(warnings).as("not once the password was changed").hasSize(2);
    }

    @Test
    void aTooShortConfiguredPasswordStopsStartup() {
        System.setProperty(PASSWORD, "short");
        assertThatThrownBy(() -> new PlatformService(ds, new Settings()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ROCKET_PLATFORM_ADMIN_PASSWORD must be at least 8 characters");
    }
}
