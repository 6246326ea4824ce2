package dev.rocket.tenancy;

import dev.rocket.auth.ActiveUsers;
import dev.rocket.auth.DefaultCredentials;
import dev.rocket.auth.Passwords;
import dev.rocket.auth.TokenIssuer;
import dev.rocket.auth.UserTables;
import dev.rocket.config.Settings;
import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.error.ApiException;
import dev.rocket.schema.SystemMigrations;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** Platform scope: management-database migrations, the seeded platform admin and the platform token issuer. */
public final class PlatformService {
    private static final Logger LOG = Logger.getLogger(PlatformService.class.getName());

    private final DataSource management;
    private final TokenIssuer tokens;
    private final ActiveUsers activeUsers;

    public PlatformService(DataSource management, Settings settings) {
        this.management = management;
        SystemMigrations.migrateManagement(management);
        seedPlatformAdmin(settings);
        this.tokens = new TokenIssuer(platformSecret(settings), "rocket:platform", settings.accessTokenTtlSeconds());
        this.activeUsers = new ActiveUsers(() -> management, "_platform_users", 30);
    }

    public ActiveUsers activeUsers() {
        return activeUsers;
    }

    public DataSource dataSource() {
        return management;
    }

    public TokenIssuer tokens() {
        return tokens;
    }

    /**
     * An empty {@code _platform_users} gets its first admin: {@code ROCKET_PLATFORM_ADMIN_EMAIL} /
     * {@code ROCKET_PLATFORM_ADMIN_PASSWORD} when set, else platform@localhost / changeme. At every start a
     * warning is logged while that account (or the default one) still has the default password.
     */
    private void seedPlatformAdmin(Settings settings) {
        String email = settings.platformAdminEmail().orElse(DefaultCredentials.PLATFORM_EMAIL);
        String password = settings.platformAdminPassword()
                .map(p -> validSetting(Settings.PLATFORM_ADMIN_PASSWORD, p))
                .orElse(DefaultCredentials.PASSWORD);
        boolean seeded = Tx.inTransaction(management, c -> {
            if (Jdbc.queryLong(c, SqlFragment.of("SELECT COUNT(*) FROM _platform_users")) > 0) {
                return false;
            }
            return Jdbc.update(c, SqlFragment.of(
                    "INSERT INTO _platform_users (email, password_hash) VALUES (?, ?) ON CONFLICT (email) DO NOTHING",
                    email, Passwords.hash(password))) > 0;
        });
        if (seeded) {
            LOG.info("Seeded the platform admin " + email);
        }
        DefaultCredentials.warnIfInUse(management, UserTables.PLATFORM,
                List.of(email, DefaultCredentials.PLATFORM_EMAIL), "Platform");
    }

    private static String validSetting(String name, String password) {
        try {
            return Passwords.requireValid(name, password);
        } catch (ApiException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** ROCKET_PLATFORM_JWT_SECRET, else a secret generated once and shared by every node through the database. */
    private String platformSecret(Settings settings) {
        var configured = settings.platformJwtSecret();
        if (configured.isPresent()) {
            if (configured.get().length() < 32) {
                throw new IllegalStateException(Settings.PLATFORM_JWT_SECRET + " must be at least 32 characters");
            }
            return configured.get();
        }
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Tx.inTransaction(management, c -> {
            Jdbc.update(c, SqlFragment.of("INSERT INTO _platform_settings (key, value) VALUES ('platform_jwt_secret', ?) "
                    + "ON CONFLICT (key) DO NOTHING", HexFormat.of().formatHex(b)));
            Map<String, Object> row = Jdbc.queryOne(c, SqlFragment.of(
                    "SELECT value FROM _platform_settings WHERE key = 'platform_jwt_secret'"));
            return (String) row.get("value");
        });
    }
}
