package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static dev.rocket.it.support.AppClient.entityDef;
import static dev.rocket.it.support.AppClient.field;
import static dev.rocket.it.support.AppClient.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rocket.it.support.AppClient;
import dev.rocket.it.support.Http;
import dev.rocket.it.support.Receiver;
import dev.rocket.it.support.RocketDatabase;
import dev.rocket.it.support.RocketItBase;
import dev.rocket.it.support.SystemSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Webhooks with several nodes, one of which may die: the deliveries a killed node left behind (pending, or claimed
 * by its retry task) are sent by the retry task of a surviving node once they are due, once each.
 */
class NodeLossWebhooksIT extends RocketItBase {
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

    private AppClient appWithTickets() {
        String app = newApp();
        AppClient a = new AppClient(http, app, appAdminToken(app));
        a.entity(entityDef("ticket", "int", false, field("title", "string")));
        a.create("ticket", map("title", "before any webhook"));
        return a;
    }

    /**
     * The rows a node killed with {@code kill -9} leaves: a delivery still pending (queued in its memory, or sent
     * half-way) and one its retry task had claimed (leased). Each is sent by the retry task once due — a pending row
     * after 60 s untouched, a claimed one when its 120 s lease ends — with its stored body and idempotency key, once.
     * A fresh pending row is its own node's to send and is left alone.
     */
    @Test
    void deliveriesAKilledNodeLeftAreSentOnceWhenDue() throws Exception {
        AppClient a = appWithTickets();
        String hook = assertStatus(a.post("_admin/webhooks", map("entity", "ticket", "hook", "after_write",
                "url", receiver.url("/unused"), "retry", map("max_attempts", 3, "backoff", "linear"))), 201)
                .data().path("id").asText();
        List<String> keys = new ArrayList<>();
        try (Connection c = RocketDatabase.connectApp(a.app())) {
            // pending, last touched 61 s ago: never sent, or its first attempt died with its node
            keys.add(leftBehind(c, hook, "/pending", "pending", 0, "NOW() - interval '61 seconds'", "NULL"));
            // retrying, claimed by the dead node's retry task 120 s ago: its lease just ended
            keys.add(leftBehind(c, hook, "/leased", "retrying", 1, "NOW() - interval '120 seconds'",
                    "NOW() - interval '1 second'"));
            // pending and fresh: its node is sending it
            leftBehind(c, hook, "/fresh", "pending", 0, "NOW()", "NULL");
        }
        List<Receiver.Call> calls = receiver.take(2, 20);
        calls.addAll(receiver.take(1, 6)); // a second send of either, or the fresh row, would come within this time
        assertThat(calls).extracting(Receiver.Call::path).containsExactlyInAnyOrder("/pending", "/leased");
        for (Receiver.Call call : calls) {
            assertThat(keys).contains(Http.JSON.readTree(call.body()).path("idempotency_key").asText());
        }
        assertThat(string(a.app(), "SELECT string_agg(url || ' ' || status || ' ' || attempt, ', ' ORDER BY url) "
                + "FROM _webhook_logs WHERE webhook_id = '" + hook + "'"))
                .isEqualTo(receiver.url("/fresh") + " pending 0, " + receiver.url("/leased") + " delivered 2, "
                        + receiver.url("/pending") + " delivered 1");
    }

    /** A delivery row as a killed node leaves it; returns its idempotency key. */
    private String leftBehind(Connection c, String hook, String path, String status, int attempt,
                                     String updatedAt, String nextRetryAt) throws SQLException {
        String key = UUID.randomUUID().toString();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO _webhook_logs (webhook_id, entity, hook, url, "
                + "method, request_headers, request_body, status, attempt, max_attempts, idempotency_key, created_at, "
                + "updated_at, next_retry_at) VALUES (?, 'ticket', 'after_write', ?, 'POST', "
                + "'{\"Content-Type\": \"application/json\"}', CAST(? AS jsonb), ?, ?, 3, ?, " + updatedAt + ", "
                + updatedAt + ", " + nextRetryAt + ")")) {
            ps.setObject(1, UUID.fromString(hook));
            ps.setString(2, receiver.url(path));
            ps.setString(3, "{\"event\": \"after_write\", \"idempotency_key\": \"" + key + "\"}");
            ps.setString(4, status);
            ps.setInt(5, attempt);
            ps.setString(6, key);
            ps.executeUpdate();
        }
        return key;
    }

    private static long count(String app, String sql) {
        String v = string(app, sql);
        return v == null ? 0 : Long.parseLong(v);
    }

    private static String string(String app, String sql) {
        try (Connection c = RocketDatabase.connectApp(app); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
