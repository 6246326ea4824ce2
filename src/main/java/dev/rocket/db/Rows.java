package dev.rocket.db;

import dev.rocket.error.ApiException;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/** Reads and deletes of id-keyed system rows (rules, policies, workflows, users …); a malformed id is simply not found. */
public final class Rows {
    private Rows() {
    }

    /** The UUID of an id from a URL (canonical form only), or null when it is not one. */
    public static UUID uuidOrNull(String id) {
        if (id == null || id.length() != 36) {
            return null;
        }
        try {
            UUID uuid = UUID.fromString(id);
            return uuid.toString().equalsIgnoreCase(id) ? uuid : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The row, or 404 "{missing}{id}". {@code table} and {@code columns} are constants of the caller. */
    public static Map<String, Object> byId(DataSource ds, String table, String columns, String id, String missing) {
        UUID uuid = uuidOrNull(id);
        Map<String, Object> row = uuid == null ? null : Tx.autoCommit(ds, c -> Jdbc.queryOne(c, SqlFragment.of(
                "SELECT " + columns + " FROM " + table + " WHERE id = ?", uuid)));
        if (row == null) {
            throw ApiException.notFound(missing + id);
        }
        return row;
    }

    /** Deletes the row, or 404 "{missing}{id}". */
    public static void deleteById(DataSource ds, String table, String id, String missing) {
        UUID uuid = uuidOrNull(id);
        int n = uuid == null ? 0 : Tx.inTransaction(ds, c -> Jdbc.update(c, SqlFragment.of(
                "DELETE FROM " + table + " WHERE id = ?", uuid)));
        if (n == 0) {
            throw ApiException.notFound(missing + id);
        }
    }

    /** The UUID of an id from a URL, or 404 "{missing}{id}". */
    public static UUID requireUuid(String id, String missing) {
        UUID uuid = uuidOrNull(id);
        if (uuid == null) {
            throw ApiException.notFound(missing + id);
        }
        return uuid;
    }
}
