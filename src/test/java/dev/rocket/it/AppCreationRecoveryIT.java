package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.assertError;
import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rocket.it.support.Http;
import dev.rocket.it.support.RocketDatabase;
import dev.rocket.it.support.RocketItBase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * App creation and deletion survive a crash at any step: the states a node that died mid-way leaves behind
 * are made here directly in the database (an app row still {@code creating} or {@code deleting}, with or
 * without its database), and creating or deleting the name through the API finishes the job. A database
 * that belongs to no app is never dropped, and a creation still in progress elsewhere is not disturbed.
 */
class AppCreationRecoveryIT extends RocketItBase {

    @Test
    void aCreationThatDiedAfterCreatingTheDatabaseIsHiddenAndTheNameCanBeCreatedAgain() throws Exception {
        String name = leftover("creating", true);
        createTable(name, "left_behind");

        assertError(http.post("api/" + name + "/auth/login", null, Map.of("email", ADMIN_EMAIL, "password", SEED_PASSWORD)),
                404, "APP_NOT_FOUND");
        assertThat(assertStatus(http.get("api/_platform/apps/" + name, platformToken()), 200).data()
                .path("status").asText()).isEqualTo("creating");

        assertStatus(http.post("api/_platform/apps", platformToken(), Map.of("name", name)), 201);
        assertThat(status(name)).isEqualTo("active");
        assertThat(tableExists(name, "left_behind")).as("the leftover database was replaced").isFalse();
        appAdminToken(name); // migrated and seeded
    }

    @Test
    void aCreationThatDiedBeforeCreatingTheDatabaseDoesNotBlockTheName() throws Exception {
        String name = leftover("creating", false);
        assertStatus(http.post("api/_platform/apps", platformToken(), Map.of("name", name)), 201);
        appAdminToken(name);
    }

    @Test
    void deletingALeftoverCreationDropsItsDatabaseAndRow() throws Exception {
        String name = leftover("creating", true);
        assertStatus(http.delete("api/_platform/apps/" + name, platformToken()), 200);
        assertThat(status(name)).isNull();
        assertThat(databaseExists(name)).isFalse();
        assertError(http.get("api/_platform/apps/" + name, platformToken()), 404, "NOT_FOUND");
    }

    @Test
    void aDeletionThatDiedBeforeDroppingTheDatabaseIsFinishedByTheNextCreateOrDelete() throws Exception {
        String name = leftover("deleting", true);
        assertError(http.post("api/" + name + "/auth/login", null, Map.of("email", ADMIN_EMAIL, "password", SEED_PASSWORD)),
                404, "APP_NOT_FOUND");
        assertStatus(http.delete("api/_platform/apps/" + name, platformToken()), 200);
        assertThat(databaseExists(name)).isFalse();

        String other = leftover("deleting", true);
        assertStatus(http.post("api/_platform/apps", platformToken(), Map.of("name", other)), 201);
        appAdminToken(other);
    }

    @Test
    void aDatabaseThatBelongsToNoAppIsNeverDropped() throws Exception {
        String name = randomAppName();
        try (Connection c = RocketDatabase.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + dbName(name));
        }
        try {
            Http.Res r = http.post("api/_platform/apps", platformToken(), Map.of("name", name));
            assertError(r, 409, "CONFLICT");
            assertThat(r.errorMessage()).contains(dbName(name)).contains("DROP DATABASE").contains("another app name");
            assertThat(databaseExists(name)).isTrue();
            assertThat(status(name)).isNull();
            assertError(http.delete("api/_platform/apps/" + name, platformToken()), 404, "NOT_FOUND");
            assertThat(databaseExists(name)).isTrue();
        } finally {
            try (Connection c = RocketDatabase.connect(); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + dbName(name));
            }
        }
    }

    @Test
    void aCreationInProgressOnAnotherNodeIsNotDisturbed() throws Exception {
        String name = leftover("creating", true);
        // the lock a creating node holds for the name while it works
        try (Connection node = RocketDatabase.connect()) {
            try (PreparedStatement ps = node.prepareStatement(
                    "SELECT pg_advisory_lock(hashtext('rocket_app'), hashtext(?))")) {
                ps.setString(1, dbName(name));
                ps.execute();
            }
            assertError(http.post("api/_platform/apps", platformToken(), Map.of("name", name)), 409, "CONFLICT");
            assertError(http.delete("api/_platform/apps/" + name, platformToken()), 409, "CONFLICT");
            assertThat(databaseExists(name)).isTrue();
            assertThat(status(name)).isEqualTo("creating");
        }
        // that node's session ended (it crashed): the leftover can now be removed
        assertStatus(http.delete("api/_platform/apps/" + name, platformToken()), 200);
        assertThat(databaseExists(name)).isFalse();
    }

    // ---- the states a crash leaves behind ----

    /** An app row in {@code status} (and its database when {@code withDatabase}), as a dead node leaves them. */
    private String leftover(String status, boolean withDatabase) throws SQLException {
        String name = randomAppName();
        deleteAfterTest(name);
        try (Connection c = RocketDatabase.connect()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO _apps (name, display_name, db_name, jwt_secret, "
                    + "status) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, name);
                ps.setString(2, name);
                ps.setString(3, dbName(name));
                ps.setString(4, "0".repeat(64));
                ps.setString(5, status);
                ps.executeUpdate();
            }
            if (withDatabase) {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE DATABASE " + dbName(name));
                }
            }
        }
        return name;
    }

    private static String dbName(String app) {
        return "rocket_" + app;
    }

    private static String status(String app) throws SQLException {
        try (Connection c = RocketDatabase.connect();
             PreparedStatement ps = c.prepareStatement("SELECT status FROM _apps WHERE name = ?")) {
            ps.setString(1, app);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static boolean databaseExists(String app) throws SQLException {
        try (Connection c = RocketDatabase.connect();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, dbName(app));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void createTable(String app, String table) throws SQLException {
        try (Connection c = RocketDatabase.connectApp(app); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + table + " (id int)");
        }
    }

    private static boolean tableExists(String app, String table) throws SQLException {
        try (Connection c = RocketDatabase.connectApp(app);
             PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
