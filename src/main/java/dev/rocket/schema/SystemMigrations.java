package dev.rocket.schema;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Versioned migrations of the system tables (Flyway): the management database and every app database. */
public final class SystemMigrations {
    /** History table name; starts with '_' so it can never clash with an entity's table. */
    public static final String HISTORY_TABLE = "_rocket_schema_history";

    private SystemMigrations() {
    }

    public static void migrateManagement(DataSource ds) {
        migrate(ds, "classpath:db/management");
    }

    public static void migrateApp(DataSource ds) {
        migrate(ds, "classpath:db/app");
    }

    private static void migrate(DataSource ds, String location) {
        Flyway.configure(SystemMigrations.class.getClassLoader())
                .dataSource(ds)
                .locations(location)
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
