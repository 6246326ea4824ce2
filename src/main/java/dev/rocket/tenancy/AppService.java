package dev.rocket.tenancy;

import dev.rocket.db.Databases;
import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.error.ApiException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

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
    private static final String COLUMNS = "name, display_name, db_name, status, created_at, updated_at";
    public static final String APPS_CHANNEL = "rocket_apps";
    static final String ACTIVE = "active";
    static final String CREATING = "creating";
    static final String DELETING = "deleting";

    private final Databases databases;
    private final AppDirectory directory;
    private final dev.rocket.files.FileStorage files;

    public AppService(Databases databases, AppDirectory directory, dev.rocket.files.FileStorage files) {
        this.databases = databases;
        this.directory = directory;
        this.files = files;
    }

    public List<Map<String, Object>> list() {
        return Tx.read(databases.management(), c -> Jdbc.query(c, SqlFragment.of(
                "SELECT " + COLUMNS + " FROM _apps ORDER BY name")));
    }

    public Map<String, Object> get(String name) {
        Map<String, Object> row = Tx.read(databases.management(), c -> Jdbc.queryOne(c, SqlFragment.of(
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
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        try (Connection c = databases.management().getConnection()) {
            lockName(c, dbName);
            try {
                Map<String, Object> row = Jdbc.queryOne(c, SqlFragment.of(
                        "SELECT name, status FROM _apps WHERE name = ? OR db_name = ?", name, dbName));
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
                    finishRemoval(c, (String) row.get("name"), dbName);
                }
                // recorded (and committed) before the database exists: a crash from here on leaves a row that
                // the next create or delete of this name cleans up
                Jdbc.update(c, SqlFragment.of("INSERT INTO _apps (name, display_name, db_name, jwt_secret, status) "
                        + "VALUES (?, ?, ?, ?, ?)", name, display, dbName, HexFormat.of().formatHex(secret), CREATING));
                try {
                    createDatabase(c, dbName);
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
                    finishRemoval(c, name, dbName);
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
        String dbName = (String) get(name).get("db_name");
        try (Connection c = databases.management().getConnection()) {
            lockName(c, dbName);
            try {
                if (Jdbc.update(c, SqlFragment.of("UPDATE _apps SET status = ?, updated_at = NOW() WHERE name = ?",
                        DELETING, name)) == 0) {
                    throw ApiException.notFound("App not found");
                }
                Jdbc.query(c, SqlFragment.of("SELECT pg_notify(?, ?)", APPS_CHANNEL, name));
                directory.evict(name);
                finishRemoval(c, name, dbName);
            } finally {
                unlockName(c, dbName);
            }
        } catch (SQLException e) {
            throw Tx.translate(e);
        }
        try {
            files.deleteApp(name);
        } catch (java.io.IOException | RuntimeException e) {
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

    /** Drops the app's database and then its row (the row goes last, so a failure can be retried). */
    private static void finishRemoval(Connection c, String name, String dbName) throws SQLException {
        Jdbc.execute(c, "DROP DATABASE IF EXISTS " + SqlFragment.ident(dbName) + " WITH (FORCE)");
        Jdbc.update(c, SqlFragment.of("DELETE FROM _apps WHERE name = ?", name));
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
