package dev.rocket.tenancy;

import dev.rocket.config.Settings;
import dev.rocket.db.AppSource;
import dev.rocket.db.Databases;
import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.error.ApiException;
import dev.rocket.files.FileStorage;
import dev.rocket.schema.SystemMigrations;
import java.io.IOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * The app catalogue: create (database, system tables, secret, seeded admin), list, get, delete (with its
 * files). Creating and deleting leave the catalogue consistent whatever point a crash stops them at: the
 * row is written before the database is created and removed after it is dropped, its status says which
 * step was reached ({@code creating}, {@code active}, {@code deleting}), and only {@code active} apps are
 * served. List and get show every row with its status, so an operator sees an unfinished one; creating or
 * deleting that name again finishes the job.
 */
public final class AppService {
    private static final Logger LOG = Logger.getLogger(AppService.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS = "name, display_name, db_name, datasource, db_user, db_password_setting, "
            + "status, created_at, updated_at";
    /** JNDI names an app may use: the container's namespaces, not the management database's own name. */
    private static final Pattern JNDI = Pattern.compile(
            "^(java:[A-Za-z0-9_./:-]{1,200}|jdbc/[A-Za-z0-9_./-]{1,200})$");
    private static final Pattern JDBC_URL = Pattern.compile(
            "^jdbc:postgresql://[A-Za-z0-9.\\[\\]:,-]{1,200}/[A-Za-z0-9_$-]{1,63}(\\?[^#]*)?$");
    /**
     * Driver parameters an app's URL may carry. Others are refused: some make the driver load classes or
     * write files (socketFactory, loggerFile, sslfactory …), and credentials belong in db_user and a setting.
     */
    private static final Set<String> URL_PARAMETERS = Set.of("sslmode", "ssl", "connectTimeout",
            "socketTimeout", "loginTimeout", "tcpKeepAlive", "targetServerType", "ApplicationName", "gssEncMode",
            "channelBinding", "loadBalanceHosts");
    private static final Pattern DB_USER = Pattern.compile("^[A-Za-z_][A-Za-z0-9_.@-]{0,62}$");
    /** Settings that may hold an app database's password: only these, so no other secret can be sent away. */
    public static final String PASSWORD_SETTING_PREFIX = Settings.APPDB_PREFIX;
    private static final Pattern PASSWORD_SETTING = Pattern.compile(
            "^" + PASSWORD_SETTING_PREFIX + "[A-Z0-9_]{1,60}$");
    public static final String APPS_CHANNEL = "rocket_apps";
    static final String ACTIVE = "active";
    static final String CREATING = "creating";
    static final String DELETING = "deleting";

    private final Databases databases;
    private final AppDirectory directory;
    private final FileStorage files;

    public AppService(Databases databases, AppDirectory directory, FileStorage files) {
        this.databases = databases;
        this.directory = directory;
        this.files = files;
    }

    public List<Map<String, Object>> list() {
        return Tx.autoCommit(databases.management(), c -> Jdbc.query(c, SqlFragment.of(
                "SELECT " + COLUMNS + " FROM _apps ORDER BY name")));
    }

    public Map<String, Object> get(String name) {
        Map<String, Object> row = Tx.autoCommit(databases.management(), c -> Jdbc.queryOne(c, SqlFragment.of(
                "SELECT " + COLUMNS + " FROM _apps WHERE name = ?", name)));
        if (row == null) {
            throw ApiException.notFound("App not found");
        }
        return row;
    }

    public Map<String, Object> create(Map<String, Object> body) {
        Object rawName = body.get("name");
        if (rawName == null || (rawName instanceof String s && s.isBlank())) {
            throw ApiException.validation("App name is required");
        }
        if (!(rawName instanceof String name) || !AppDirectory.NAME.matcher(name).matches()) {
            throw ApiException.validation(
                    "App name must be lowercase letters, numbers, hyphens, underscores (start with letter)");
        }
        Object rawDisplay = body.get("display_name");
        if (rawDisplay != null && !(rawDisplay instanceof String)) {
            throw ApiException.validation("display_name must be a string");
        }
        String display = rawDisplay == null || ((String) rawDisplay).isBlank() ? name : (String) rawDisplay;
        if (display.length() > 200) {
            throw ApiException.validation("display_name must be at most 200 characters");
        }
        String dbName = "rocket_" + name.replace('-', '_');
        if (dbName.length() > 63) {
            throw ApiException.validation("App name too long: database name " + dbName + " exceeds 63 characters");
        }
        if (dbName.equals(databases.managementDbName())) {
            throw ApiException.conflict("App name " + name + " would use the database " + dbName
                    + ", which is Rocket's management database. Choose another name.");
        }
        AppSource source = source(body, dbName);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        try (Connection c = databases.management().getConnection()) {
            lockName(c, dbName);
            try {
                Map<String, Object> row = Jdbc.queryOne(c, SqlFragment.of(
                        "SELECT name, status, db_name, datasource, db_user, db_password_setting FROM _apps "
                                + "WHERE name = ? OR db_name = ?", name, dbName));
                if (row != null && ACTIVE.equals(row.get("status"))) {
                    if (name.equals(row.get("name"))) {
                        throw ApiException.conflict("App already exists: " + name);
                    }
                    // my-shop and my_shop both map to the database rocket_my_shop
                    throw ApiException.conflict("App name " + name + " clashes with the existing app " + row.get("name")
                            + ": both would use the database " + dbName + " (hyphens become underscores in database "
                            + "names). Choose another name.");
                }
                if (row != null) {
                    finishRemoval(c, (String) row.get("name"), dbName, AppDirectory.source(row), false);
                }
                // recorded (and committed) before the database exists: a crash from here on leaves a row that
                // the next create or delete of this name cleans up
                Jdbc.update(c, SqlFragment.of("INSERT INTO _apps (name, display_name, db_name, jwt_secret, status, "
                        + "datasource, db_user, db_password_setting) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", name, display,
                        dbName, HexFormat.of().formatHex(secret), CREATING, source == null ? null : source.datasource(),
                        source == null ? null : source.user(), source == null ? null : source.passwordSetting()));
                try {
                    if (source == null) {
                        createDatabase(c, dbName);
                    } else {
                        createSchema(source);
                    }
                } catch (SQLException | RuntimeException e) {
                    // no database of ours was made (one that already existed is not ours to drop)
                    Jdbc.update(c, SqlFragment.of("DELETE FROM _apps WHERE name = ?", name));
                    throw e;
                }
                try {
                    Jdbc.update(c, SqlFragment.of("UPDATE _apps SET status = ?, updated_at = NOW() WHERE name = ?",
                            ACTIVE, name));
                    directory.require(name).openForCreation(); // migrates system tables and seeds the admin
                } catch (SQLException | RuntimeException e) {
                    directory.evict(name);
                    finishRemoval(c, name, dbName, source, false);
                    throw e;
                }
            } finally {
                unlockName(c, dbName);
            }
        } catch (SQLException e) {
            throw Tx.translate(e);
        }
        return get(name);
    }

    /**
     * Deletes the app: hidden from every node first (status {@code deleting}), then its database is dropped,
     * then its row and files go. A delete that stopped half-way is finished by the next create or delete.
     */
    public void delete(String name) {
        delete(name, false);
    }

    /**
     * As {@link #delete(String)}. An app on a data source of its own keeps its database: with {@code dropTables}
     * Rocket drops its schema (all its tables) there, otherwise the tables stay too.
     */
    public void delete(String name, boolean dropTables) {
        Map<String, Object> app = get(name);
        String dbName = (String) app.get("db_name");
        AppSource source = AppDirectory.source(app);
        try (Connection c = databases.management().getConnection()) {
            lockName(c, dbName);
            try {
                if (Jdbc.update(c, SqlFragment.of("UPDATE _apps SET status = ?, updated_at = NOW() WHERE name = ?",
                        DELETING, name)) == 0) {
                    throw ApiException.notFound("App not found");
                }
                // this node first lets the work in progress on the app finish (the notification would cut it)
                directory.evictForDeletion(name);
                Jdbc.query(c, SqlFragment.of("SELECT pg_notify(?, ?)", APPS_CHANNEL, name));
                finishRemoval(c, name, dbName, source, dropTables);
            } finally {
                unlockName(c, dbName);
            }
        } catch (SQLException e) {
            throw Tx.translate(e);
        }
        try {
            files.deleteApp(name);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not remove the files of app " + name, e);
        }
    }

    /**
     * Takes the name's lock (a session advisory lock on {@code c}) for a create or delete, or answers 409 while
     * another one holds it. A node that stops mid-way loses its session, and with it the lock: a row that is
     * not active while its lock is free was left by a create or delete that will never finish.
     */
    private static void lockName(Connection c, String dbName) throws SQLException {
        Map<String, Object> got = Jdbc.queryOne(c, SqlFragment.of(
                "SELECT pg_try_advisory_lock(hashtext('rocket_app'), hashtext(?)) AS locked", dbName));
        if (!Boolean.TRUE.equals(got.get("locked"))) {
            throw ApiException.conflict("App is being created or deleted right now; try again shortly");
        }
    }

    private static void unlockName(Connection c, String dbName) {
        try {
            Jdbc.query(c, SqlFragment.of("SELECT pg_advisory_unlock(hashtext('rocket_app'), hashtext(?))", dbName));
        } catch (SQLException e) {
            // the connection is broken, and the session (with its lock) is gone with it
            LOG.log(Level.FINE, "Could not release the lock of " + dbName, e);
        }
    }

    /**
     * Drops the app's database (its own) or, when asked, its schema (on a data source of its own), and then its
     * row (the row goes last, so a failure can be retried).
     */
    private void finishRemoval(Connection c, String name, String dbName, AppSource source,
                               boolean dropTables) throws SQLException {
        if (source == null) {
            Jdbc.execute(c, "DROP DATABASE IF EXISTS " + SqlFragment.ident(dbName) + " WITH (FORCE)");
        } else if (dropTables) {
            try (Connection app = databases.connectApp(source)) {
                Jdbc.execute(app, "DROP SCHEMA IF EXISTS " + SqlFragment.ident(source.schema()) + " CASCADE");
            } catch (IllegalArgumentException e) {
                throw ApiException.validation("Cannot drop the tables of app " + name + ": " + e.getMessage());
            }
            LOG.info(() -> "App " + name + ": dropped schema " + source.schema() + " in " + source.datasource());
        }
        Jdbc.update(c, SqlFragment.of("DELETE FROM _apps WHERE name = ?", name));
    }

    /**
     * The data source the body names ({@code datasource}: a JNDI name or a PostgreSQL JDBC URL, with
     * {@code db_user} and {@code db_password_setting} for a URL), or null for a database of the app's own.
     */
    private AppSource source(Map<String, Object> body, String schema) {
        Object raw = body.get("datasource");
        Object user = body.get("db_user");
        Object passwordSetting = body.get("db_password_setting");
        if (raw == null) {
            if (user != null || passwordSetting != null) {
                throw ApiException.validation("db_user and db_password_setting go with a datasource JDBC URL");
            }
            return null;
        }
        if (!(raw instanceof String ds) || ds.isBlank()) {
            throw ApiException.validation("datasource must be a JNDI name or a jdbc:postgresql:// URL");
        }
        if (!ds.startsWith("jdbc:")) {
            if (!JNDI.matcher(ds).matches()) {
                throw ApiException.validation("datasource must be a JNDI name (java:… or jdbc/…) or a "
                        + "jdbc:postgresql:// URL");
            }
            if (ds.equals(Databases.JNDI_NAME) || ds.equals("jdbc/rocket")) {
                throw ApiException.validation("datasource " + ds + " is Rocket's management database");
            }
            if (user != null || passwordSetting != null) {
                throw ApiException.validation("db_user and db_password_setting only go with a JDBC URL: the "
                        + "container's data source brings its own credentials");
            }
            return new AppSource(ds, null, null, schema);
        }
        if (!JDBC_URL.matcher(ds).matches()) {
            throw ApiException.validation("datasource must look like jdbc:postgresql://host:port/database");
        }
        int q = ds.indexOf('?');
        if (q >= 0) {
            for (String pair : ds.substring(q + 1).split("&")) {
                String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
                if (!URL_PARAMETERS.contains(key)) {
                    throw ApiException.validation("datasource URL parameter '" + key + "' is not allowed (allowed: "
                            + String.join(", ", new TreeSet<>(URL_PARAMETERS)) + "; the user goes in db_user, "
                            + "the password in a setting named by db_password_setting)");
                }
            }
        }
        if (!(user instanceof String u) || !DB_USER.matcher(u).matches()) {
            throw ApiException.validation("db_user (the database user) is required with a JDBC URL");
        }
        String setting = null;
        if (passwordSetting != null) {
            if (!(passwordSetting instanceof String p) || !PASSWORD_SETTING.matcher(p).matches()) {
                throw ApiException.validation("db_password_setting must name a setting " + PASSWORD_SETTING_PREFIX
                        + "…, whose value (a system property or environment variable of the server) is the password");
            }
            if (databases.setting(p).isEmpty()) {
                throw ApiException.validation("db_password_setting " + p + " is not set on this server");
            }
            setting = p;
        }
        return new AppSource(ds, u, setting, schema);
    }

    /**
     * Makes the app's schema in its data source (or finds it from an earlier app of that name whose tables were
     * kept: the app takes them over). A schema holding tables but no Rocket history is not Rocket's: 409.
     */
    private void createSchema(AppSource source) throws SQLException {
        try (Connection c = databases.connectApp(source)) {
            Map<String, Object> found = Jdbc.queryOne(c, SqlFragment.of("SELECT "
                    + "(SELECT COUNT(*) FROM pg_tables WHERE schemaname = ?) AS tables, "
                    + "to_regclass(? || '.' || ?) IS NOT NULL AS rocket", source.schema(),
                    SqlFragment.ident(source.schema()), SqlFragment.ident(SystemMigrations.HISTORY_TABLE)));
            if (((Number) found.get("tables")).longValue() > 0 && !Boolean.TRUE.equals(found.get("rocket"))) {
                throw ApiException.conflict("Schema " + source.schema() + " in " + source.datasource()
                        + " holds tables that are not Rocket's; choose another app name or empty the schema");
            }
            Jdbc.execute(c, "CREATE SCHEMA IF NOT EXISTS " + SqlFragment.ident(source.schema()));
            if (Boolean.TRUE.equals(found.get("rocket"))) {
                LOG.info(() -> "App schema " + source.schema() + " in " + source.datasource()
                        + " holds Rocket's tables of an earlier app: taken over");
            }
        } catch (IllegalArgumentException e) {
            throw ApiException.validation(e.getMessage());
        } catch (SQLException e) {
            throw ApiException.validation("Cannot use datasource " + source.datasource() + ": " + e.getMessage());
        }
    }

    private static void createDatabase(Connection c, String dbName) throws SQLException {
        try {
            Jdbc.execute(c, "CREATE DATABASE " + SqlFragment.ident(dbName));
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) {
                throw ApiException.conflict("Database " + dbName + " already exists on the server but belongs to no "
                        + "app. If it is a leftover, drop it (DROP DATABASE " + dbName + "); otherwise choose another "
                        + "app name.");
            }
            throw e;
        }
    }
}
