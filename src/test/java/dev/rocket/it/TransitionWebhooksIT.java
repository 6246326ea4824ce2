package dev.rocket.it;

import static dev.rocket.it.support.AppClient.entityDef;
import static dev.rocket.it.support.AppClient.field;
import static dev.rocket.it.support.AppClient.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocket.it.support.AppClient;
import dev.rocket.it.support.Http;
import dev.rocket.it.support.Receiver;
import dev.rocket.it.support.RocketDatabase;
import dev.rocket.it.support.RocketItBase;
import dev.rocket.it.support.SystemSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * State-machine {@code webhook} actions (SPEC §8) are durable: recorded in the write's transaction, sent
 * after commit and then removed; a call a node left behind (it died between commit and send) is sent by the
 * retry task.
 */
class TransitionWebhooksIT extends RocketItBase {
    /** Before this class's deployment starts Rocket: the retry task every 2 s instead of 15. */
    @RegisterExtension
    static final SystemSettings SETTINGS = SystemSettings.of("ROCKET_WEBHOOK_RETRY_INTERVAL", "2");

    private Receiver receiver;

    @BeforeEach
    void startReceiver() {
        receiver = Receiver.onLoopback();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    private String url(String path) {
        return receiver.url(path);
    }

    private static long outboxRows(String app) throws Exception {
        try (Connection c = RocketDatabase.connectApp(app);
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM _transition_outbox");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aTransitionCallsItsWebhookAfterCommitWithTheRecordAndLeavesNothingBehind() throws Exception {
        String app = newApp();
        AppClient a = new AppClient(http, app, appAdminToken(app));
        a.entity(entityDef("ticket", "int", false, field("title", "string"), field("status", "string")));
        a.stateMachine(map("entity", "ticket", "field", "status", "definition", map("initial", "open", "transitions",
                List.of(map("from", "open", "to", "closed", "actions", List.of(map("type", "webhook",
                        "url", url("/closed"), "headers", map("X-Test", "yes"))))))));
        JsonNode t = a.create("ticket", map("title", "printer", "status", "open"));
        assertThat(receiver.poll(1)).as("no call without a transition").isNull();

        a.update("ticket", t.path("id").asText(), map("status", "closed"));
        Receiver.Call call = receiver.poll(20);
        assertThat(call).as("webhook call").isNotNull();
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.path()).isEqualTo("/closed");
        assertThat(call.header("X-Test")).isEqualTo("yes");
        JsonNode body = Http.JSON.readTree(call.body());
        assertThat(body.path("id").asInt()).isEqualTo(t.path("id").asInt());
        assertThat(body.path("status").asText()).isEqualTo("closed");
        assertThat(body.path("title").asText()).isEqualTo("printer");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (outboxRows(app) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(outboxRows(app)).as("outbox rows left after sending").isZero();
        // fire-and-forget: not in the webhook logs
        JsonNode logs = http.get("api/" + app + "/_admin/webhook-logs", appAdminToken(app)).data();
        assertThat(logs.size()).isZero();
        assertThat(receiver.poll(3)).as("sent once").isNull();
    }

    @Test
    void aCallLeftBehindByADeadNodeIsSentByTheRetryTaskOnce() throws Exception {
        String app = newApp();
        try (Connection c = RocketDatabase.connectApp(app);
             PreparedStatement ps = c.prepareStatement("INSERT INTO _transition_outbox (id, method, url, headers, body, due_at) "
                     + "VALUES (?, 'PUT', ?, '{\"X-Test\": \"left\"}', '{\"id\": 41}', NOW() - interval '1 second')")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setString(2, url("/left-behind"));
            ps.executeUpdate();
        }
        Receiver.Call call = receiver.poll(30);
        assertThat(call).as("call sent by the retry task").isNotNull();
        assertThat(call.method()).isEqualTo("PUT");
        assertThat(call.path()).isEqualTo("/left-behind");
        assertThat(call.header("X-Test")).isEqualTo("left");
        assertThat(call.body()).isEqualTo("{\"id\": 41}");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (outboxRows(app) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(outboxRows(app)).isZero();
        assertThat(receiver.poll(5)).as("sent once").isNull();
    }
}
