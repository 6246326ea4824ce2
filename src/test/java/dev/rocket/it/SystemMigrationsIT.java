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
 * checksums, and a recorded checksum that matches neither wording still stops the migration.
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
}
