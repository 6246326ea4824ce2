package dev.rocket.it.support;

import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.net.URL;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the black-box integration tests: the real {@code target/rocket.war} deployed at the root
 * context of an embedded Tomcat (one deployment per test class), called over HTTP. Each test that needs
 * an app creates its own with {@link #newApp()}; it is deleted after the test.
 */
@ExtendWith({RocketDatabase.class, ArquillianExtension.class})
@RunAsClient
public abstract class RocketItBase {
    private static final Logger LOG = Logger.getLogger(RocketItBase.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final String PLATFORM_EMAIL = "platform@localhost";
    public static final String ADMIN_EMAIL = "admin@localhost";
    public static final String SEED_PASSWORD = "changeme";

    private static String platformToken;
    private static long platformTokenAt;

    @ArquillianResource
    protected URL base;

    protected Http http;

    private final List<String> appsToDelete = new ArrayList<>();

    /** The WAR built by {@code mvn package}, deployed as ROOT so that paths are the production ones. */
    @Deployment(testable = false)
    public static WebArchive rocketWar() {
        File war = new File(System.getProperty("rocket.war", "target/rocket.war"));
        if (!war.isFile()) {
            throw new IllegalStateException(war + " does not exist: run the integration tests with `mvn verify`");
        }
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war").importFrom(war).as(WebArchive.class);
    }

    private static boolean staleAppsDeleted;

    @BeforeEach
    void connectClient() {
        http = new Http(base);
        deleteStaleTestApps();
    }

    /**
     * Once per run: deletes test apps ({@code it} + 8 hex characters …) left over for more than an hour by
     * runs that were killed before their clean-up, so that a shared test database does not fill up.
     */
    private void deleteStaleTestApps() {
        synchronized (RocketItBase.class) {
            if (staleAppsDeleted) {
                return;
            }
            staleAppsDeleted = true;
        }
        try {
            Http.Res list = http.get("api/_platform/apps", platformToken());
            Instant cutoff = Instant.now().minus(Duration.ofHours(1));
            for (JsonNode app : list.data()) {
                String name = app.path("name").asText();
                String created = app.path("created_at").asText("");
                if (name.matches("it[0-9a-f]{8}([_-].*)?") && !created.isEmpty() && Instant.parse(created).isBefore(cutoff)) {
                    LOG.info(() -> "Deleting stale test app " + name + " created " + created);
                    http.delete("api/_platform/apps/" + name, platformToken());
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Could not delete stale test apps", e);
        }
    }

    @AfterEach
    void deleteApps() {
        for (String app : appsToDelete) {
            try {
                Http.Res r = http.delete("api/_platform/apps/" + app, platformToken());
                if (r.status() != 200 && r.status() != 404) {
                    LOG.warning("Could not delete test app " + app + ": " + r);
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "Could not delete test app " + app, e);
            }
        }
        appsToDelete.clear();
    }

    /** A platform access token (platform@localhost), reused for a few minutes. */
    protected synchronized String platformToken() {
        if (platformToken == null || System.currentTimeMillis() - platformTokenAt > 300_000) {
            platformToken = login("_platform", PLATFORM_EMAIL, SEED_PASSWORD).access();
            platformTokenAt = System.currentTimeMillis();
        }
        return platformToken;
    }

    /** A random app name: {@code it} + 8 hex characters. */
    protected static String randomAppName() {
        byte[] b = new byte[4];
        RANDOM.nextBytes(b);
        return "it" + HexFormat.of().formatHex(b);
    }

    /** Creates a fresh app (deleted after the test) and returns its name. */
    protected String newApp() {
        String name = randomAppName();
        deleteAfterTest(name);
        assertStatus(http.post("api/_platform/apps", platformToken(), Map.of("name", name)), 201);
        return name;
    }

    /** Makes sure an app of that name is deleted after the test, if it exists by then. */
    protected void deleteAfterTest(String app) {
        appsToDelete.add(app);
    }

    /** Logs in at {@code /api/{scope}/auth/login} ({@code _platform} or an app name); asserts 200. */
    protected Tokens login(String scope, String email, String password) {
        Http.Res r = http.post("api/" + scope + "/auth/login", null, Map.of("email", email, "password", password));
        assertStatus(r, 200);
        return Tokens.of(r);
    }

    protected String appAdminToken(String app) {
        return login(app, ADMIN_EMAIL, SEED_PASSWORD).access();
    }

    /** Creates a user in an app through the admin API and returns its row. */
    protected JsonNode createUser(String app, String adminToken, String email, String password, List<String> roles) {
        Http.Res r = http.post("api/" + app + "/_admin/users", adminToken,
                Map.of("email", email, "password", password, "roles", roles));
        assertStatus(r, 201);
        return r.data();
    }

    /** The JWT secret of an app, read from the management database (to forge tokens in tests). */
    protected static String appSecret(String app) {
        return queryString("SELECT jwt_secret FROM _apps WHERE name = ?", app);
    }

    /** The platform JWT secret (generated on first boot unless ROCKET_PLATFORM_JWT_SECRET is set). */
    protected static String platformSecret() {
        String configured = RocketDatabase.setting("ROCKET_PLATFORM_JWT_SECRET");
        return configured != null ? configured
                : queryString("SELECT value FROM _platform_settings WHERE key = ?", "platform_jwt_secret");
    }

    private static String queryString(String sql, String arg) {
        try (Connection c = RocketDatabase.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("row for %s [%s]", sql, arg).isTrue();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token pair from a login or refresh response. */
    public record Tokens(String access, String refresh, JsonNode data) {
        public static Tokens of(Http.Res r) {
            JsonNode d = r.data();
            return new Tokens(d.path("access_token").asText(null), d.path("refresh_token").asText(null), d);
        }
    }
}
