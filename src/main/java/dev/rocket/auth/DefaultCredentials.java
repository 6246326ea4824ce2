package dev.rocket.auth;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The well-known credentials Rocket seeds when nothing else is configured ({@code platform@localhost} and
 * each app's {@code admin@localhost}, password {@code changeme}), and the start-up check that warns while
 * an account still signs in with that password.
 */
public final class DefaultCredentials {
    private static final Logger LOG = Logger.getLogger(DefaultCredentials.class.getName());

    public static final String PASSWORD = "changeme";
    public static final String PLATFORM_EMAIL = "platform@localhost";
    public static final String APP_ADMIN_EMAIL = "admin@localhost";

    private DefaultCredentials() {
    }

    /**
     * Logs a WARNING naming every account among {@code emails} whose password is still the default: one
     * bcrypt check per account found, done once when the user store is opened.
     *
     * @param scope how the log line names the user store, e.g. {@code "Platform"} or {@code "App 'shop'"}
     */
    public static void warnIfInUse(DataSource ds, UserTables t, List<String> emails, String scope) {
        List<Map<String, Object>> rows = Tx.autoCommit(ds, c -> Jdbc.query(c, SqlFragment.of(
                "SELECT email, password_hash FROM " + t.users() + " WHERE email = ANY(?) AND active",
                new Jdbc.SqlArray("text", emails.toArray()))));
        List<String> weak = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            if (Passwords.verify(PASSWORD, (String) row.get("password_hash"))) {
                weak.add((String) row.get("email"));
            }
        }
        if (!weak.isEmpty()) {
            LOG.warning(scope + ": " + String.join(", ", weak) + " still signs in with the default password '" + PASSWORD
                    + "'. Change it (POST " + (t == UserTables.PLATFORM ? "/api/_platform" : "/api/{app}")
                    + "/auth/password).");
        }
    }
}
