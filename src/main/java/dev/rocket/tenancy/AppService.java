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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The app catalogue (SPEC §13): create (database, system tables, secret, seeded admin), list, get, delete (with its files). */
public final class AppService {
    private static final Logger LOG = Logger.getLogger(AppService.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS = "name, display_name, db_name, status, created_at, updated_at";
    public static final String APPS_CHANNEL = "rocket_apps";

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
            throw ApiException.conflict("App name clashes with the management database");
        }
        boolean taken = Tx.read(databases.management(), c -> Jdbc.queryLong(c, SqlFragment.of(
                "SELECT COUNT(*) FROM _apps WHERE name = ? OR db_name = ?", name, dbName)) > 0);
        if (taken) {
            throw ApiException.conflict("App already exists: " + name);
        }
        createDatabase(dbName);
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        try {
            Tx.inTransaction(databases.management(), c -> Jdbc.update(c, SqlFragment.of(
                    "INSERT INTO _apps (name, display_name, db_name, jwt_secret) VALUES (?, ?, ?, ?)",
                    name, display, dbName, HexFormat.of().formatHex(secret))));
            directory.require(name).dataSource(); // migrates system tables and seeds the admin
        } catch (RuntimeException e) {
            directory.evict(name);
            Tx.read(databases.management(), c -> Jdbc.update(c, SqlFragment.of("DELETE FROM _apps WHERE name = ?", name)));
            dropDatabase(dbName);
            throw e;
        }
        Map<String, Object> out = new LinkedHashMap<>(get(name));
        return out;
    }

    public void delete(String name) {
        Map<String, Object> row = get(name);
        String dbName = (String) row.get("db_name");
        directory.evict(name);
        Tx.inTransaction(databases.management(), c -> {
            Jdbc.update(c, SqlFragment.of("DELETE FROM _apps WHERE name = ?", name));
            Jdbc.query(c, SqlFragment.of("SELECT pg_notify(?, ?)", APPS_CHANNEL, name));
            return null;
        });
        dropDatabase(dbName);
        try {
            files.deleteApp(name);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "Could not remove the files of app " + name, e);
        }
    }

    private void createDatabase(String dbName) {
        try (Connection c = databases.management().getConnection()) {
            Jdbc.execute(c, "CREATE DATABASE " + SqlFragment.ident(dbName));
        } catch (SQLException e) {
            if ("42P04".equals(e.getSQLState())) {
                throw ApiException.conflict("Database already exists: " + dbName);
            }
            throw Tx.translate(e);
        }
    }

    private void dropDatabase(String dbName) {
        try (Connection c = databases.management().getConnection()) {
            Jdbc.execute(c, "DROP DATABASE IF EXISTS " + SqlFragment.ident(dbName) + " WITH (FORCE)");
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Could not drop database " + dbName, e);
        }
    }
}
