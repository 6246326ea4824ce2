package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static dev.rocket.it.support.AppClient.entityDef;
import static dev.rocket.it.support.AppClient.field;
import static dev.rocket.it.support.AppClient.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocket.it.support.AppClient;
import dev.rocket.it.support.Http;
import dev.rocket.it.support.Receiver;
import dev.rocket.it.support.RocketItBase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant admin cannot obtain any server secret: webhook header templates resolve only environment
 * variables named {@code ROCKET_HOOK_*} (never system properties, where the deploy guides put secrets), the
 * resolved values reach only the receiver, and no admin route returns them. The test JVM hosts the server,
 * so the database settings (system properties here) and the platform secret are secrets of that server.
 */
class TenantSecretsIT extends RocketItBase {
    /** Set for the failsafe JVM by the build (pom.xml): the one kind of variable a template may read. */
    private static final String HOOK_VARIABLE = "ROCKET_HOOK_IT_KEY";
    private static final String PROPERTY_SECRET = "ROCKET_HOOK_IT_PROPERTY";

    private Receiver receiver;

    @BeforeEach
    void startReceiver() {
        receiver = Receiver.onLoopback();
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
        System.clearProperty(PROPERTY_SECRET);
    }

    @Test
    void noServerSecretReachesATenantAdminThroughWebhooksOrAnyAdminRoute() throws Exception {
        String propertySecret = "property-secret-" + System.nanoTime();
        System.setProperty(PROPERTY_SECRET, propertySecret);
        List<String> secrets = secrets(propertySecret);

        String app = newApp();
        AppClient a = new AppClient(http, app, appAdminToken(app));
        a.entity(entityDef("ticket", "int", false, field("title", "string"), field("status", "string")));
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("X-Platform", "{{env.ROCKET_PLATFORM_JWT_SECRET}}");
        headers.put("X-Db-Url", "{{env.ROCKET_DB_URL}}");
        headers.put("X-Db-Password", "{{env.ROCKET_DB_PASSWORD}}");
        headers.put("X-Property", "{{env." + PROPERTY_SECRET + "}}");
        headers.put("X-Path", "{{env.PATH}}");
        headers.put("X-Hook", "{{env." + HOOK_VARIABLE + "}}");
        for (String hook : List.of("before_write", "after_write")) {
            assertStatus(a.post("_admin/webhooks", map("entity", "ticket", "hook", hook, "url", receiver.url("/" + hook),
                    "headers", headers, "async", hook.startsWith("after"))), 201);
        }
        a.stateMachine(map("entity", "ticket", "field", "status", "definition", map("initial", "open", "transitions",
                List.of(map("from", "open", "to", "closed", "actions", List.of(map("type", "webhook",
                        "url", receiver.url("/transition"), "headers", headers)))))));

        JsonNode t = a.create("ticket", map("title", "printer", "status", "open"));
        a.update("ticket", t.path("id").asText(), map("status", "closed"));

        List<Receiver.Call> calls = receiver.take(5, 20); // 2 before_write, 2 after_write, 1 transition
        assertThat(calls).extracting(Receiver.Call::path)
                .containsExactlyInAnyOrder("/before_write", "/before_write", "/after_write", "/after_write", "/transition");
        for (Receiver.Call c : calls) {
            assertThat(c.header("x-hook")).as("a ROCKET_HOOK_ variable resolves for the receiver").isEqualTo(hookValue());
            for (String name : List.of("x-platform", "x-db-url", "x-db-password", "x-property", "x-path")) {
                assertThat(c.headers().getOrDefault(name, "")).as("%s sent to %s", name, c.path()).isEmpty();
            }
        }

        StringBuilder seen = new StringBuilder();
        for (String route : List.of("_admin/webhooks", "_admin/webhook-logs", "_admin/entities", "_admin/state-machines",
                "_admin/rules", "_admin/permissions", "_admin/workflows", "_admin/users", "_admin/export",
                "_admin/audit-log", "_workflows/pending")) {
            Http.Res r = a.get(route);
            assertThat(r.status()).as(route).isEqualTo(200);
            seen.append(r.body());
        }
        for (JsonNode log : a.get("_admin/webhook-logs").data()) {
            Http.Res one = a.get("_admin/webhook-logs/" + log.path("id").asText());
            assertThat(one.status()).isEqualTo(200);
            seen.append(one.body());
            assertThat(one.data().path("request_headers").path("X-Hook").asText())
                    .as("the log keeps the template").isEqualTo("{{env." + HOOK_VARIABLE + "}}");
        }
        assertThat(seen).as("admin routes show the webhook logs").contains("{{env.ROCKET_PLATFORM_JWT_SECRET}}");
        for (String secret : secrets) {
            assertThat(seen.toString()).as("a server secret in an admin response").doesNotContain(secret);
        }
        assertThat(seen.toString()).doesNotContain(hookValue());
    }

    /** The values a tenant must never see; each is long enough not to appear by chance. */
    private static List<String> secrets(String propertySecret) {
        List<String> out = new ArrayList<>(List.of(platformSecret(), propertySecret));
        for (String name : List.of("ROCKET_DB_URL", "ROCKET_DB_PASSWORD")) {
            String v = System.getProperty(name);
            if (v != null && v.length() >= 8) {
                out.add(v);
            }
        }
        String path = System.getenv("PATH");
        if (path != null && path.length() >= 8) {
            out.add(path);
        }
        return out;
    }

    private static String hookValue() {
        String v = System.getenv(HOOK_VARIABLE);
        assertThat(v).as(HOOK_VARIABLE + " is set for the integration tests by pom.xml").isNotBlank();
        return v;
    }
}
