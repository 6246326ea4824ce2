package dev.rocket.auth;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Login throttling: at most {@code maxAttempts} failed password checks per key (one e-mail from one
 * client address) in a window that starts with the key's first attempt; further attempts — the right
 * password included — get 429 with Retry-After until the window ends. A successful check gives its own
 * attempt back; it does not wipe the failures, so a success inside a burst of guesses opens no room for
 * more of them.
 *
 * <p>An attempt is reserved <em>before</em> the password is checked, by one atomic
 * {@code INSERT … ON CONFLICT DO UPDATE} on the key's row: concurrent guesses, on this node or any other
 * sharing the database, are serialised on that row, so no more than {@code maxAttempts} of them are ever
 * evaluated — a burst cannot slip the correct password past the limit.
 */
public final class LoginThrottle {
    /** Stale rows removed each time a key opens a new window: keeps the table near its live keys. */
    private static final int CLEANUP_BATCH = 100;

    private final int maxAttempts;
    private final long windowSeconds;

    public LoginThrottle(int maxAttempts, long windowSeconds) {
        this.maxAttempts = maxAttempts;
        this.windowSeconds = windowSeconds;
    }

    /** Counts one attempt for {@code key}, or throws 429 TOO_MANY_REQUESTS when its window is used up. */
    public void reserve(DataSource ds, UserTables t, String key) {
        if (maxAttempts <= 0) {
            return;
        }
        double window = windowSeconds;
        String table = t.loginFailures();
        Map<String, Object> reserved = Tx.autoCommit(ds, c -> Jdbc.queryOne(c, SqlFragment.of(
                "INSERT INTO " + table + " AS f (key_hash, attempts, window_start) VALUES (?, 1, NOW()) "
                        + "ON CONFLICT (key_hash) DO UPDATE SET "
                        + "attempts = CASE WHEN f.window_start > NOW() - make_interval(secs => ?) THEN f.attempts + 1 ELSE 1 END, "
                        + "window_start = CASE WHEN f.window_start > NOW() - make_interval(secs => ?) THEN f.window_start ELSE NOW() END "
                        + "WHERE f.attempts < ? OR f.window_start <= NOW() - make_interval(secs => ?) "
                        + "RETURNING f.attempts", key, window, window, maxAttempts, window)));
        if (reserved == null) {
            throw tooMany(ds, table, key);
        }
        if (((Number) reserved.get("attempts")).intValue() == 1) {
            Tx.autoCommit(ds, c -> Jdbc.update(c, SqlFragment.of("DELETE FROM " + table + " WHERE key_hash IN (SELECT key_hash FROM "
                    + table + " WHERE window_start <= NOW() - make_interval(secs => ?) LIMIT " + CLEANUP_BATCH + ") "
                    + "AND window_start <= NOW() - make_interval(secs => ?)", window, window)));
        }
    }

    /** The password was right: its reserved attempt is given back. */
    public void succeeded(DataSource ds, UserTables t, String key) {
        if (maxAttempts <= 0) {
            return;
        }
        Tx.autoCommit(ds, c -> Jdbc.update(c, SqlFragment.of("UPDATE " + t.loginFailures()
                + " SET attempts = attempts - 1 WHERE key_hash = ? AND attempts > 0", key)));
    }

    private ApiException tooMany(DataSource ds, String table, String key) {
        Map<String, Object> row = Tx.autoCommit(ds, c -> Jdbc.queryOne(c, SqlFragment.of(
                "SELECT CEIL(EXTRACT(EPOCH FROM (window_start + make_interval(secs => ?) - NOW())))::bigint AS retry FROM "
                        + table + " WHERE key_hash = ?", (double) windowSeconds, key)));
        long retry = row == null || row.get("retry") == null ? 1 : Math.max(1, ((Number) row.get("retry")).longValue());
        return new ApiException(ErrorCode.TOO_MANY_REQUESTS, "Too many failed login attempts; try again later",
                List.of(), Map.of("Retry-After", Long.toString(retry)), null);
    }
}
