package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.assertError;
import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static dev.rocket.it.support.AppClient.entityDef;
import static dev.rocket.it.support.AppClient.field;
import static dev.rocket.it.support.AppClient.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocket.it.support.AppClient;
import dev.rocket.it.support.Receiver;
import dev.rocket.it.support.RocketDatabase;
import dev.rocket.it.support.RocketItBase;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outbound calls cannot be aimed at the server's own network. The tests admit only {@code 127.0.0.0/8}
 * ({@code ROCKET_WEBHOOK_ALLOWED_NETWORKS}); the receiver listens on every interface, so a call to
 * {@code 0.0.0.0} or {@code [::1]} would reach it if it were made.
 */
class OutboundCallsIT extends RocketItBase {
    private Receiver receiver;

    @BeforeEach
    void startReceiver() {
        receiver = Receiver.onAllInterfaces();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private String url(String host, String path) {
        return receiver.url(host, path);
    }

    private AppClient appWithOrders() {
        String app = newApp();
        AppClient a = new AppClient(http, app, appAdminToken(app));
        a.entity(entityDef("orders", "int", false, field("title", "string"), field("status", "string")));
        return a;
    }

    @Test
    void webhookUrlsAimedAtRefusedAddressesOrAmbiguousSpellingsAre422() {
        AppClient a = appWithOrders();
        for (String host : List.of("0.0.0.0", "[::1]", "169.254.169.254", "10.0.0.1", "[::ffff:0.0.0.0]", "2130706433",
                "0177.0.0.1", "0x7f.0.0.1")) {
            assertError(a.post("_admin/webhooks", map("entity", "orders", "url", url(host, "/x"))), 422,
                    "VALIDATION_FAILED");
        }
        assertStatus(a.post("_admin/webhooks", map("entity", "orders", "url", url("127.0.0.1", "/ok"))), 201);
    }

    @Test
    void aClosedPortIsLoggedAsAConnectionFailureAndRedirectsAreNotFollowed() throws Exception {
        AppClient a = appWithOrders();
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        String closedUrl = "http://127.0.0.1:" + closed + "/x";
        JsonNode toClosed = assertStatus(a.post("_admin/webhooks", map("entity", "orders", "url", closedUrl,
                "retry", map("max_attempts", 1))), 201).data();
        JsonNode toRedirect = assertStatus(a.post("_admin/webhooks", map("entity", "orders",
                "url", url("127.0.0.1", "/redirect"), "retry", map("max_attempts", 1))), 201).data();
        a.create("orders", map("title", "a", "status", "new"));

        JsonNode closedLog = waitForLog(a, toClosed.path("id").asText());
        assertThat(closedLog.path("status").asText()).isEqualTo("failed");
        assertThat(closedLog.path("error").asText()).isEqualTo("connection failed");
        assertThat(closedLog.path("response_status").isNull()).isTrue();

        JsonNode redirectLog = waitForLog(a, toRedirect.path("id").asText());
        assertThat(redirectLog.path("response_status").asInt()).isEqualTo(302);
        assertThat(redirectLog.path("error").asText()).isEqualTo("HTTP 302");
        assertThat(receiver.paths()).containsExactly("/redirect");
    }

    @Test
    void aWorkflowWebhookStepToARefusedAddressFailsWithoutCallingIt() throws Exception {
        AppClient a = appWithOrders();
        for (String[] wf : List.of(new String[] {"to_wildcard", "0.0.0.0", "refused"},
                new String[] {"to_loopback", "127.0.0.1", "admitted"})) {
            Object call = map("id", "call", "type", "action", "then", "end",
                    "actions", List.of(map("type", "webhook", "url", url(wf[1], "/" + wf[2]))));
            assertStatus(a.post("_admin/workflows", map("name", wf[0], "active", true,
                    "trigger", map("type", "state_change", "entity", "orders", "field", "status", "to", wf[2]),
                    "context", map("record_id", "trigger.record_id"), "steps", List.of(call))), 201);
        }
        a.create("orders", map("title", "r", "status", "refused"));
        a.create("orders", map("title", "a", "status", "admitted"));

        assertThat(waitFor(() -> instanceStatus(a.app(), "to_wildcard"))).isEqualTo("failed");
        assertThat(waitFor(() -> instanceStatus(a.app(), "to_loopback"))).isEqualTo("completed");
        assertThat(receiver.paths()).containsExactly("/admitted");
    }

    @Test
    void aTransitionWebhookToARefusedAddressIsDroppedWithoutCallingIt() throws Exception {
        AppClient a = appWithOrders();
        a.stateMachine(map("entity", "orders", "field", "status", "definition", map("initial", "new", "transitions",
                List.of(map("from", "new", "to", "sent", "actions", List.of(
                        map("type", "webhook", "url", url("0.0.0.0", "/refused")),
                        map("type", "webhook", "url", url("127.0.0.1", "/admitted"))))))));
        JsonNode o = a.create("orders", map("title", "t", "status", "new"));
        a.update("orders", o.path("id").asText(), map("status", "sent"));

        assertThat(waitFor(() -> receiver.paths().isEmpty() ? null : receiver.paths().get(0))).isEqualTo("/admitted");
        assertThat(waitFor(() -> outboxRows(a.app()) == 0 ? "empty" : null)).isEqualTo("empty");
        assertThat(receiver.paths()).containsExactly("/admitted");
    }

    private JsonNode waitForLog(AppClient a, String webhookId) throws InterruptedException {
        return waitFor(() -> {
            JsonNode logs = assertStatus(a.get("_admin/webhook-logs?webhook_id=" + webhookId), 200).data();
            return logs.size() == 1 && logs.get(0).path("attempt").asInt() == 1 ? logs.get(0) : null;
        });
    }

    private static String instanceStatus(String app, String workflow) {
        try (Connection c = RocketDatabase.connectApp(app);
             PreparedStatement ps = c.prepareStatement("SELECT status FROM _workflow_instances WHERE workflow_name = ? "
                     + "AND status <> 'running'")) {
            ps.setString(1, workflow);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long outboxRows(String app) {
        try (Connection c = RocketDatabase.connectApp(app);
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM _transition_outbox");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first non-null value within 20 s. */
    private static <T> T waitFor(Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            T v = probe.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(100);
        }
        return probe.get();
    }
}
