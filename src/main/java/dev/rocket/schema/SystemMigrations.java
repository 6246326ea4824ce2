package dev.rocket.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.FluentConfiguration;

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

    /**
     * Migrates the management database, then learns the app migrations this WAR ships (see {@link #migrateApp}):
     * Flyway lists them, read-only, against a history table that does not exist there.
     */
    public static void migrateManagement(DataSource ds) {
        migrate(ds, "classpath:db/management", List.of());
        try {
            Set<Applied> shipped = shipped(configure(ds, "classpath:db/app", "_rocket_app_migrations_shipped").load(),
                    MigrationState.PENDING);
            appMigrations = shipped.isEmpty() ? null : shipped;
        } catch (RuntimeException e) {
            // every app goes through Flyway until one has been migrated here
        }
    }

    /**
     * Brings an app database's system tables to the current version. An app database whose history already
     * records every migration this WAR ships, with the same description and checksum, and no failed one, is up to
     * date and is not handed to Flyway (one query instead of Flyway's scan, lock and validation each time a node
     * opens an app). Anything else (a new database, a pending, failed or reworded migration) goes through Flyway.
     */
    public static void migrateApp(DataSource ds) {
        Set<Applied> shipped = appMigrations;
        if (shipped != null && !shipped.isEmpty() && recorded(ds).containsAll(shipped)) {
            return;
        }
        Flyway flyway = migrate(ds, "classpath:db/app", APP_REWORDED);
        if (shipped == null) {
            Set<Applied> learned = shipped(flyway, MigrationState.SUCCESS);
            appMigrations = learned.isEmpty() ? null : learned;
        }
    }

    /** The versioned migrations Flyway finds in its locations that are in {@code state} for its history table. */
    private static Set<Applied> shipped(Flyway flyway, MigrationState state) {
        return Arrays.stream(flyway.info().all())
                .filter(i -> i.getState() == state && i.getVersion() != null && i.getChecksum() != null)
                .map(i -> new Applied(i.getVersion().getVersion(), i.getDescription(), i.getChecksum()))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The app migrations shipped with this WAR, as the history of an up-to-date app database records them. */
    private static volatile Set<Applied> appMigrations;

    /** One successfully applied versioned migration, as the history table records it. */
    private record Applied(String version, String description, int checksum) {
    }

    /** The successful migrations recorded in the database's history; empty when it has none (or no history). */
    private static Set<Applied> recorded(DataSource ds) {
        Set<Applied> out = new HashSet<>();
        try (Connection c = ds.getConnection()) {
            if (!tableExists(c)) {
                return out;
            }
            try (PreparedStatement st = c.prepareStatement("SELECT version, description, checksum FROM " + HISTORY_TABLE
                    + " WHERE success AND version IS NOT NULL AND checksum IS NOT NULL"
                    + " AND NOT EXISTS (SELECT 1 FROM " + HISTORY_TABLE + " WHERE NOT success)");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(new Applied(rs.getString(1), rs.getString(2), rs.getInt(3)));
                }
            }
        } catch (SQLException e) {
            return Set.of(); // Flyway, which runs next, reports what is wrong
        }
        return out;
    }

    private static boolean tableExists(Connection c) throws SQLException {
        try (PreparedStatement exists = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            exists.setString(1, HISTORY_TABLE);
            try (ResultSet rs = exists.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static Flyway migrate(DataSource ds, String location, List<Reworded> reworded) {
        realign(ds, reworded);
        Flyway flyway = configure(ds, location, HISTORY_TABLE).load();
        flyway.migrate();
        return flyway;
    }

    private static FluentConfiguration configure(DataSource ds, String location,
                                              String table) {
        return Flyway.configure(SystemMigrations.class.getClassLoader())
                .dataSource(ds)
                .locations(location)
                .table(table)
                .baselineOnMigrate(true)
                .baselineVersion("0");
    }

    /** Moves the recorded checksum of each reworded migration from its old wording to the current one. */
    private static void realign(DataSource ds, List<Reworded> reworded) {
        if (reworded.isEmpty()) {
            return;
        }
        try (Connection c = ds.getConnection()) {
            if (!tableExists(c)) {
                return; // a new database: Flyway records the current checksums itself
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
