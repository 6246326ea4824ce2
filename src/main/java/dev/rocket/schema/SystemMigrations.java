package dev.rocket.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Versioned migrations of the system tables (Flyway): the management database and every app database. */
public final class SystemMigrations {
    /** History table name; starts with '_' so it can never clash with an entity's table. */
    public static final String HISTORY_TABLE = "_rocket_schema_history";

    /**
     * Applied migrations whose comments were reworded after release, with the checksum Flyway recorded for
     * the old wording and the checksum of the file as shipped now. Only comments changed, never a statement:
     * an installation that applied the old wording gets its recorded checksum moved to the new one before
     * Flyway validates, so it keeps starting. A recorded checksum that matches neither still fails validation,
     * as it should (somebody edited a statement).
     */
    private static final List<Reworded> APP_REWORDED = List.of(
            new Reworded("1", -1648792882, 433593290),
            new Reworded("3", -2112068096, 200755822));

    /** One reworded migration: its version, the checksum of its old wording, the checksum of the file now. */
    public record Reworded(String version, int before, int now) {
    }

    private SystemMigrations() {
    }

    /** The app migrations whose comments were reworded after release. */
    public static List<Reworded> appReworded() {
        return APP_REWORDED;
    }

    public static void migrateManagement(DataSource ds) {
        migrate(ds, "classpath:db/management", List.of());
    }

    public static void migrateApp(DataSource ds) {
        migrate(ds, "classpath:db/app", APP_REWORDED);
    }

    private static void migrate(DataSource ds, String location, List<Reworded> reworded) {
        realign(ds, reworded);
        Flyway.configure(SystemMigrations.class.getClassLoader())
                .dataSource(ds)
                .locations(location)
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    /** Moves the recorded checksum of each reworded migration from its old wording to the current one. */
    private static void realign(DataSource ds, List<Reworded> reworded) {
        if (reworded.isEmpty()) {
            return;
        }
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement exists = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
                exists.setString(1, HISTORY_TABLE);
                try (ResultSet rs = exists.executeQuery()) {
                    if (!rs.next() || !rs.getBoolean(1)) {
                        return; // a new database: Flyway records the current checksums itself
                    }
                }
            }
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true);
            try (PreparedStatement update = c.prepareStatement("UPDATE " + HISTORY_TABLE
                    + " SET checksum = ? WHERE version = ? AND checksum = ?")) {
                for (Reworded r : reworded) {
                    update.setInt(1, r.now());
                    update.setString(2, r.version());
                    update.setInt(3, r.before());
                    update.addBatch();
                }
                update.executeBatch();
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not realign the checksums of reworded system migrations", e);
        }
    }
}
