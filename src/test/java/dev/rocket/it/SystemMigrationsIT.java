package dev.rocket.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocket.it.support.RocketDatabase;
import dev.rocket.schema.SystemMigrations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * App migrations whose comments were reworded after release: a database that applied the old wording keeps
 * starting (its recorded checksums are moved to the shipped ones), a fresh database records the shipped
 * checksums, and a recorded checksum that matches neither wording still stops the migration. A database whose
 * history records every shipped migration is not handed to Flyway again, but a failed or edited history still is.
 */
@ExtendWith(RocketDatabase.class)
class SystemMigrationsIT {
    private static final String DB = "rocket_sysmig_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static PGSimpleDataSource ds;

    @BeforeAll
    static void createDatabase() throws SQLException {
        try (Connection c = RocketDatabase.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DB);
        }
        String url = RocketDatabase.url();
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        int query = url.indexOf('?', slash);
        ds = new PGSimpleDataSource();
        ds.setURL(url.substring(0, slash + 1) + DB + (query < 0 ? "" : url.substring(query)));
        try (Connection c = RocketDatabase.connect()) {
            ds.setUser(c.getMetaData().getUserName());
        }
        ds.setPassword(System.getProperty("ROCKET_TEST_DB_PASSWORD", System.getenv().getOrDefault("ROCKET_TEST_DB_PASSWORD", "")));
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        try (Connection c = RocketDatabase.connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DB + " WITH (FORCE)");
        }
    }

    private static int recorded(String version) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT checksum FROM " + SystemMigrations.HISTORY_TABLE
                     + " WHERE version = '" + version + "'")) {
            assertThat(rs.next()).as("migration %s applied", version).isTrue();
            return rs.getInt(1);
        }
    }

    private static void record(String version, int checksum) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("UPDATE " + SystemMigrations.HISTORY_TABLE + " SET checksum = " + checksum
                    + " WHERE version = '" + version + "'")).isEqualTo(1);
        }
    }

    @Test
    void oldWordingIsRealignedAndAnEditedStatementStillStopsTheMigration() throws SQLException {
        SystemMigrations.migrateApp(ds);
        for (var r : SystemMigrations.appReworded()) {
            assertThat(recorded(r.version())).as("Flyway's checksum of the shipped V%s", r.version()).isEqualTo(r.now());
        }

        for (var r : SystemMigrations.appReworded()) {
            record(r.version(), r.before()); // as an installation that applied the old wording left it
        }
        SystemMigrations.migrateApp(ds);
        for (var r : SystemMigrations.appReworded()) {
            assertThat(recorded(r.version())).isEqualTo(r.now());
        }

        record("1", 12345);
        assertThatThrownBy(() -> SystemMigrations.migrateApp(ds))
                .isInstanceOf(FlywayException.class)
                .hasMessageContaining("checksum");
        assertThat(recorded("1")).isEqualTo(12345);
    }

    @Test
    void onlyAHistoryThatRecordsEveryShippedMigrationAsShippedSkipsFlyway() throws SQLException {
        String name = DB + "_b";
        try (Connection c = RocketDatabase.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        try {
            PGSimpleDataSource other = new PGSimpleDataSource();
            other.setURL(ds.getURL().replace("/" + DB, "/" + name));
            other.setUser(ds.getUser());
            other.setPassword(ds.getPassword());
            SystemMigrations.migrateApp(other); // Flyway, the first time on this database
            SystemMigrations.migrateApp(other); // up to date
            try (Connection c = other.getConnection(); Statement s = c.createStatement()) {
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SystemMigrations.HISTORY_TABLE
                        + " WHERE success AND version IS NOT NULL AND checksum IS NOT NULL");
                rs.next();
                assertThat(rs.getInt(1)).as("applied migrations").isGreaterThanOrEqualTo(7);

                s.executeUpdate("UPDATE " + SystemMigrations.HISTORY_TABLE + " SET description = 'edited' WHERE version = '2'");
                assertThatThrownBy(() -> SystemMigrations.migrateApp(other))
                        .isInstanceOf(FlywayException.class).hasMessageContaining("description");
                s.executeUpdate("UPDATE " + SystemMigrations.HISTORY_TABLE
                        + " SET description = 'auth hardening' WHERE version = '2'");
                SystemMigrations.migrateApp(other);

                s.executeUpdate("UPDATE " + SystemMigrations.HISTORY_TABLE + " SET success = false WHERE version = '44'");
                assertThatThrownBy(() -> SystemMigrations.migrateApp(other))
                        .isInstanceOf(FlywayException.class).hasMessageContaining("failed");
            }
        } finally {
            try (Connection c = RocketDatabase.connect(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }
}
