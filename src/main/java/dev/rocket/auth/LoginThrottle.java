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
 * Login throttling: after {@code maxFailures} failed logins for one e-mail from one address within the
 * window, further attempts get 429 with Retry-After until the oldest failure leaves the window. Failures
 * are stored in the database, so every node of a cluster counts the same attempts.
 */
public final class LoginThrottle {
    private final int maxFailures;
    private final long windowSeconds;

    public LoginThrottle(int maxFailures, long windowSeconds) {
        this.maxFailures = maxFailures;
        this.windowSeconds = windowSeconds;
    }

    public void check(DataSource ds, UserTables t, String key) {
        if (maxFailures <= 0) {
            return;
        }
        Map<String, Object> row = Tx.read(ds, c -> Jdbc.queryOne(c, SqlFragment.of(
                "SELECT COUNT(*) AS n, CEIL(EXTRACT(EPOCH FROM (MIN(failed_at) + make_interval(secs => ?) - NOW())))::bigint "
                        + "AS retry FROM " + t.loginFailures() + " WHERE key_hash = ? AND failed_at > NOW() - make_interval(secs => ?)",
                (double) windowSeconds, key, (double) windowSeconds)));
        long n = ((Number) row.get("n")).longValue();
        if (n >= maxFailures) {
            long retry = row.get("retry") == null ? windowSeconds : Math.max(1, ((Number) row.get("retry")).longValue());
            throw new ApiException(ErrorCode.TOO_MANY_REQUESTS, "Too many failed login attempts; try again later",
                    List.of(), Map.of("Retry-After", Long.toString(retry)), null);
        }
    }

    public void failed(DataSource ds, UserTables t, String key) {
        if (maxFailures <= 0) {
            return;
        }
        Tx.read(ds, c -> {
            Jdbc.update(c, SqlFragment.of("INSERT INTO " + t.loginFailures() + " (key_hash) VALUES (?)", key));
            // keep the table small: forget failures that left the window
            return Jdbc.update(c, SqlFragment.of("DELETE FROM " + t.loginFailures()
                    + " WHERE key_hash = ? AND failed_at < NOW() - make_interval(secs => ?)", key, (double) windowSeconds));
        });
    }

    public void succeeded(DataSource ds, UserTables t, String key) {
        if (maxFailures <= 0) {
            return;
        }
        Tx.read(ds, c -> Jdbc.update(c, SqlFragment.of("DELETE FROM " + t.loginFailures() + " WHERE key_hash = ?", key)));
    }
}
