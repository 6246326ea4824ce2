package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocket.it.support.Http;
import dev.rocket.it.support.RocketDatabase;
import dev.rocket.it.support.RocketItBase;
import dev.rocket.it.support.SystemSettings;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Connections to app databases: a wait for a connection that ends without one is answered 503 with
 * {@code Retry-After}; an idle app's pool closes and its connections go, background tasks (run here every
 * second) do not keep it open, and work that comes due later in an idle app is still done.
 */
class ConnectionLimitsIT extends RocketItBase {

    /** Short idle close and task intervals for this class's deployment (read by Rocket at start). */
    @RegisterExtension
    static final SystemSettings SETTINGS = SystemSettings.of(
            "ROCKET_APP_POOL_IDLE_CLOSE", "2",
            "ROCKET_WEBHOOK_RETRY_INTERVAL", "1",
            "ROCKET_WORKFLOW_TIMEOUT_INTERVAL", "1",
            "ROCKET_TABLE_MAINTENANCE_INTERVAL", "1");

    @Test
    void aConnectionWaitThatEndsWithoutAConnectionIs503WithRetryAfter() throws Exception {
        String app = newApp();
        try {
            refuseConnections(app, true);
            Thread.sleep(1_000); // the pool checks a connection idle this long before lending it: it must wait for a new one
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(http.uri("api/" + app
                            + "/auth/login")).timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Http.write(Map.of("email", ADMIN_EMAIL,
                            "password", SEED_PASSWORD)))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(v).matches("[1-9][0-9]*"));
            JsonNode error = Http.JSON.readTree(r.body()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
        } finally {
            refuseConnections(app, false);
        }
        appAdminToken(app); // answers again once connections are possible
    }

    @Test
    void anIdleAppHoldsNoConnectionAlthoughBackgroundTasksRunEverySecond() throws Exception {
        String app = newApp();
        appAdminToken(app);
        assertThat(connectionsTo(app)).as("the pool serving the request").isPositive();

        eventually("the idle app's connections are closed and stay closed", () -> noConnectionsFor(app, 5));
        // nothing is due: the tasks stop visiting it once its lease ran out
        eventually("the app is out of the work index", () -> workIndex(app).get("due") == null
                && !Boolean.TRUE.equals(workIndex(app).get("in_use")));
    }

    @Test
    void workThatComesDueInAnIdleAppIsStillDone() throws Exception {
        String app = newApp();
        appAdminToken(app);
        // a delivery to retry in 60 s (well past the app's lease of 30 s), to an address where nothing listens
        Timestamp due;
        try (Connection c = RocketDatabase.connectApp(app); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("INSERT INTO _webhook_logs (entity, hook, url, method, status, attempt, "
                     + "max_attempts, next_retry_at, idempotency_key) VALUES ('thing', 'after_create', "
                     + "'http://127.0.0.1:9/none', 'POST', 'retrying', 1, 2, NOW() + interval '60 seconds', 'k1') "
                     + "RETURNING next_retry_at")) {
            rs.next();
            due = rs.getTimestamp(1);
        }
        eventually("the work index knows when the retry is due", () -> {
            Object next = workIndex(app).get("due");
            return next instanceof Timestamp t && Math.abs(t.getTime() - due.getTime()) < 1_000;
        });
        eventually("the app is idle, its pool closed, before the retry is due", () ->
                !Boolean.TRUE.equals(workIndex(app).get("in_use")) && noConnectionsFor(app, 5));
        assertThat(attempts(app)).as("not retried before its time").isEqualTo(1);
        eventually("the retry was made once due", () -> attempts(app) == 2);
        eventually("the app's connections are closed again", () -> noConnectionsFor(app, 5));
        assertThat(workIndex(app).get("due")).as("nothing more is due").isNull();
    }

    // ---- helpers ----

    /** Polls {@code condition} every half second for up to two minutes. */
    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as(what).isTrue();
            Thread.sleep(500);
        }
    }

    /** No connection to the app's database in {@code samples} samples half a second apart. */
    private static boolean noConnectionsFor(String app, int samples) {
        try {
            for (int i = 0; i < samples; i++) {
                if (connectionsTo(app) > 0) {
                    return false;
                }
                Thread.sleep(500);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int connectionsTo(String app) {
        return ((Number) managementRow("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = ?",
                "rocket_" + app).get("n")).intValue();
    }

    private static Map<String, Object> workIndex(String app) {
        return managementRow("SELECT next_work_at AS due, in_use_until > NOW() AS in_use FROM _apps WHERE name = ?", app);
    }

    private static Map<String, Object> managementRow(String sql, String arg) {
        try (Connection c = RocketDatabase.connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                return row;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int attempts(String app) {
        try (Connection c = RocketDatabase.connectApp(app); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT attempt FROM _webhook_logs WHERE idempotency_key = 'k1'")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Makes PostgreSQL refuse (or accept again) connections to the app's database, closing the open ones. */
    private static void refuseConnections(String app, boolean refuse) throws SQLException {
        try (Connection c = RocketDatabase.connect(); Statement st = c.createStatement()) {
            st.execute("ALTER DATABASE rocket_" + app + " ALLOW_CONNECTIONS " + !refuse);
            if (refuse) {
                st.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'rocket_" + app + "'");
            }
        }
    }
}
