package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static dev.rocket.it.support.AppClient.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rocket.it.support.AppClient;
import dev.rocket.it.support.Http;
import dev.rocket.it.support.RocketDatabase;
import dev.rocket.it.support.RocketItBase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * A user change is answered only once every listening node has dropped the user's cached status: the node that
 * made it waits for each node's acknowledgement, so a deactivated user's token is refused on every node as soon
 * as the deactivation is answered. "Another node" here is a connection that listens as a node's does.
 */
class UserChangeAcknowledgedIT extends RocketItBase {

    /** A second node's listening connection: same application_name, same channel. */
    private static Connection otherNode() throws Exception {
        Connection c = RocketDatabase.connect();
        try (Statement s = c.createStatement()) {
            s.execute("SET application_name = 'rocket-change-listener'");
            s.execute("LISTEN rocket_users");
        }
        return c;
    }

    /** The payloads {@code app|user|change} the other node receives within {@code millis}. */
    private static List<String> received(Connection node, long millis) throws Exception {
        List<String> out = new ArrayList<>();
        PGNotification[] notes = node.unwrap(PGConnection.class).getNotifications((int) millis);
        if (notes != null) {
            for (PGNotification n : notes) {
                out.add(n.getParameter());
            }
        }
        return out;
    }

    /** A new app's admin client and a viewer of that app. */
    private record AppUser(AppClient admin, String id) {
    }

    private AppUser newAppUser() {
        String app = newApp();
        AppClient a = new AppClient(http, app, appAdminToken(app));
        return new AppUser(a, a.user("ack-" + System.nanoTime() + "@example.com", "secret-password-1", List.of("viewer")));
    }

    @Test
    void aDeactivationIsAnsweredAfterTheOtherNodeAcknowledgedIt() throws Exception {
        AppUser u = newAppUser();
        AppClient a = u.admin();
        String app = a.app();
        String id = u.id();
        try (Connection node = otherNode()) {
            long t0 = System.nanoTime();
            CompletableFuture<Http.Res> answer = CompletableFuture.supplyAsync(() -> a.put("_admin/users/" + id,
                    map("email", "ack-x@example.com", "roles", List.of("viewer"), "active", false)));
            List<String> payloads = received(node, 10_000);
            assertThat(payloads).as("the other node is told").hasSize(1);
            String[] parts = payloads.get(0).split("\\|");
            assertThat(parts).hasSize(3);
            assertThat(parts[0]).isEqualTo(app);
            assertThat(parts[1]).isEqualTo(id);
            Thread.sleep(800);
            assertThat(answer).as("not answered before the other node acknowledged").isNotDone();
            try (PreparedStatement ps = node.prepareStatement("SELECT pg_notify('rocket_users_ack', ?)")) {
                ps.setString(1, parts[2] + "|the-other-node");
                ps.execute();
            }
            Http.Res res = answer.get(10, TimeUnit.SECONDS);
            assertStatus(res, 200);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(millis).as("answered once acknowledged, before the 3 s bound").isBetween(800L, 2_900L);
        }
    }

    @Test
    void aNodeThatNeverAcknowledgesDelaysTheAnswerBy3SecondsAtMost() throws Exception {
        AppUser u = newAppUser();
        try (Connection node = otherNode()) {
            long t0 = System.nanoTime();
            Http.Res res = u.admin().delete("_admin/users/" + u.id());
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertStatus(res, 200);
            assertThat(received(node, 1_000)).as("the other node is told").hasSize(1);
            assertThat(millis).as("waited for the silent node, within the bound").isBetween(2_500L, 6_000L);
        }
    }
}
