package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.allKeys;
import static dev.rocket.it.support.ApiAssertions.assertError;
import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static dev.rocket.it.support.AppClient.entityDef;
import static dev.rocket.it.support.AppClient.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocket.it.support.AppClient;
import dev.rocket.it.support.Http;
import dev.rocket.it.support.RocketDatabase;
import dev.rocket.it.support.RocketItBase;
import dev.rocket.it.support.SystemSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Apps on a database Rocket does not own (a second database, reached by JDBC URL, as the DBA hands it out):
 * Rocket keeps the app's tables in a schema of its own there, never creates or drops the database, leaves the
 * tables when the app is deleted unless {@code drop_tables=true}, and takes them over when an app of that name
 * is created on it again. The password comes from a setting the app names and is never shown.
 */
class AppDataSourcesIT extends RocketItBase {
    private static final String PASSWORD_VALUE = "pw-not-to-be-shown-7c1d";

    @RegisterExtension
    static final SystemSettings SETTINGS = SystemSettings.of("ROCKET_APPDB_IT_PASSWORD", PASSWORD_VALUE);

    private static String otherDb;

    /** A second database on the test server, created once: the "pre-provisioned" one. */
    private static synchronized String otherDatabase() throws SQLException {
        if (otherDb == null) {
            String name = "rocket_it_other_" + Long.toHexString(System.nanoTime());
            try (Connection c = RocketDatabase.connect(); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + name);
            }
            otherDb = name;
        }
        return otherDb;
    }

    @AfterAll
    static void dropOtherDatabase() throws SQLException {
        if (otherDb != null) {
            try (Connection c = RocketDatabase.connect(); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + otherDb + " WITH (FORCE)");
            }
        }
    }

    private static String otherUrl() throws SQLException {
        String url = RocketDatabase.url();
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        return url.substring(0, slash + 1) + otherDatabase();
    }

    private static Connection connectOther() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user());
        return new org.postgresql.Driver().connect(otherUrl(), p);
    }

    private static String user() throws SQLException {
        try (Connection c = RocketDatabase.connect()) {
            return c.getMetaData().getUserName();
        }
    }

    private Map<String, Object> body(String name) throws SQLException {
        Map<String, Object> b = new HashMap<>();
        b.put("name", name);
        b.put("datasource", otherUrl());
        b.put("db_user", user());
        b.put("db_password_setting", "ROCKET_APPDB_IT_PASSWORD");
        return b;
    }

    private static boolean tableExists(String schema, String table) throws SQLException {
        try (Connection c = connectOther();
             PreparedStatement ps = c.prepareStatement("SELECT to_regclass(? || '.' || ?) IS NOT NULL")) {
            ps.setString(1, schema);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static boolean databaseExists(String db) throws SQLException {
        try (Connection c = RocketDatabase.connect();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, db);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    @Test
    void anAppOnAnotherDatabaseKeepsItsTablesThereAndTheDatabaseOutlivesIt() throws Exception {
        String name = randomAppName();
        String schema = "rocket_" + name.replace('-', '_');
        Http.Res created = assertStatus(http.post("api/_platform/apps", platformToken(), body(name)), 201);
        JsonNode app = created.data();
        assertThat(app.path("datasource").asText()).isEqualTo(otherUrl());
        assertThat(app.path("db_user").asText()).isEqualTo(user());
        assertThat(app.path("db_password_setting").asText()).isEqualTo("ROCKET_APPDB_IT_PASSWORD");
        assertThat(created.body()).doesNotContain(PASSWORD_VALUE);
        assertThat(allKeys(app)).noneMatch(k -> k.equals("password"));
        assertThat(databaseExists(schema)).as("no database of its own").isFalse();
        assertThat(tableExists(schema, "_users")).as("system tables in the app's schema").isTrue();

        AppClient a = new AppClient(http, name, appAdminToken(name));
        assertStatus(a.post("_admin/entities", entityDef("book", "uuid", true, field("title", "string"))), 201);
        JsonNode row = a.create("book", Map.of("title", "Dune"));
        assertThat(tableExists(schema, "book")).isTrue();
        assertThat(assertStatus(http.get("api/_platform/apps", platformToken()), 200).body()).doesNotContain(PASSWORD_VALUE);

        // deleted without drop_tables: the database and the tables stay
        assertStatus(http.delete("api/_platform/apps/" + name, platformToken()), 200);
        assertError(http.get("api/_platform/apps/" + name, platformToken()), 404, "NOT_FOUND");
        assertThat(databaseExists(otherDatabase())).isTrue();
        assertThat(tableExists(schema, "book")).isTrue();

        // created again on the same database: the kept tables are taken over, data included
        assertStatus(http.post("api/_platform/apps", platformToken(), body(name)), 201);
        AppClient again = new AppClient(http, name, appAdminToken(name));
        assertThat(again.read("book", row.path("id").asText()).path("title").asText()).isEqualTo("Dune");

        assertError(http.delete("api/_platform/apps/" + name + "?drop_tables=maybe", platformToken()), 400,
                "INVALID_PAYLOAD");
        assertStatus(http.delete("api/_platform/apps/" + name + "?drop_tables=true", platformToken()), 200);
        assertThat(tableExists(schema, "_users")).as("schema dropped on request").isFalse();
        assertThat(databaseExists(otherDatabase())).as("the database is never dropped").isTrue();
    }

    @Test
    void aSchemaWithTablesThatAreNotRocketsIsRefused() throws Exception {
        String name = randomAppName();
        String schema = "rocket_" + name.replace('-', '_');
        try (Connection c = connectOther(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
            st.execute("CREATE TABLE " + schema + ".payroll (id int)");
        }
        assertError(http.post("api/_platform/apps", platformToken(), body(name)), 409, "CONFLICT");
        assertThat(tableExists(schema, "payroll")).isTrue();
        assertError(http.get("api/_platform/apps/" + name, platformToken()), 404, "NOT_FOUND");
    }

    @Test
    void badDataSourcesAreRefusedWithClearAnswersAndNothingIsWritten() throws Exception {
        String name = randomAppName();
        String url = otherUrl();
        Map<String, Object> b = body(name);
        b.put("datasource", url + "?password=secret");
        assertThat(assertError(http.post("api/_platform/apps", platformToken(), b), 422, "VALIDATION_FAILED")
                .errorMessage()).contains("password").doesNotContain("secret");
        b.put("datasource", url + "?socketFactory=java.io.FileOutputStream");
        assertError(http.post("api/_platform/apps", platformToken(), b), 422, "VALIDATION_FAILED");
        b.put("datasource", "jdbc:mysql://localhost/x");
        assertError(http.post("api/_platform/apps", platformToken(), b), 422, "VALIDATION_FAILED");
        b.put("datasource", url);
        b.put("db_password_setting", "ROCKET_PLATFORM_JWT_SECRET");
        assertThat(assertError(http.post("api/_platform/apps", platformToken(), b), 422, "VALIDATION_FAILED")
                .errorMessage()).contains("ROCKET_APPDB_");
        b.put("db_password_setting", "ROCKET_APPDB_NOT_SET");
        assertThat(assertError(http.post("api/_platform/apps", platformToken(), b), 422, "VALIDATION_FAILED")
                .errorMessage()).contains("not set");
        b.remove("db_password_setting");
        b.remove("db_user");
        assertThat(assertError(http.post("api/_platform/apps", platformToken(), b), 422, "VALIDATION_FAILED")
                .errorMessage()).contains("db_user");

        Map<String, Object> jndi = new HashMap<>(Map.of("name", name, "datasource", "java:comp/env/jdbc/nothing-here"));
        assertThat(assertError(http.post("api/_platform/apps", platformToken(), jndi), 422, "VALIDATION_FAILED")
                .errorMessage()).contains("java:comp/env/jdbc/nothing-here");
        jndi.put("datasource", "java:comp/env/jdbc/rocket");
        assertError(http.post("api/_platform/apps", platformToken(), jndi), 422, "VALIDATION_FAILED");
        jndi.put("datasource", "java:comp/env/jdbc/x");
        jndi.put("db_user", "someone");
        assertError(http.post("api/_platform/apps", platformToken(), jndi), 422, "VALIDATION_FAILED");

        assertError(http.get("api/_platform/apps/" + name, platformToken()), 404, "NOT_FOUND");

        // an app token is refused before the payload is looked at
        String other = newApp();
        assertError(http.post("api/_platform/apps", appAdminToken(other), body(randomAppName())), 401, "UNAUTHORIZED");
    }
}
