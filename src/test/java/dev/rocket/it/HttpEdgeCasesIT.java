package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.assertError;
import static dev.rocket.it.support.ApiAssertions.assertNo5xx;
import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rocket.it.support.Http;
import dev.rocket.it.support.RocketItBase;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Error envelopes for unknown routes, methods and bad bodies; no input ever gives a 5xx (SPEC §0-§2, G-64). */
class HttpEdgeCasesIT extends RocketItBase {
    private static final String LOGIN = "api/_platform/auth/login";
    private static final Map<String, String> JSON = Map.of("Content-Type", "application/json");

    // ---- unknown routes and methods ----

    @Test
    void unknownRoutesAre404NotFoundJson() {
        for (String path : List.of("nope", "", "api", "api/_platform", "api/_platform/apps/x/y", "nope/deeper/still",
                "health/x")) {
            Http.Res r = assertError(http.get(path, null), 404, "NOT_FOUND");
            assertThat(r.errorMessage()).isEqualTo("Route not found");
        }
        String app = newApp();
        String admin = appAdminToken(app);
        assertError(http.get("api/" + app + "/_admin/users/" + java.util.UUID.randomUUID() + "/extra", admin),
                404, "NOT_FOUND");
    }

    @Test
    void unknownPlatformRouteIs404NotFound() {
        assertError(http.get("api/_platform/nope", null), 404, "NOT_FOUND");
        assertError(http.get("api/_platform/nope", platformToken()), 404, "NOT_FOUND");
        assertError(http.post("api/_platform/nope", platformToken(), Map.of()), 404, "NOT_FOUND");
    }

    @Test
    void unknownMethodsAre405() {
        assertError(http.send("PATCH", "api/_platform/apps", platformToken(), Map.of("name", "x")), 405,
                "METHOD_NOT_ALLOWED");
        assertError(http.send("PATCH", "api/_platform/apps", null, null), 405, "METHOD_NOT_ALLOWED");
        assertError(http.send("PUT", "health", null, null), 405, "METHOD_NOT_ALLOWED");
        assertError(http.send("DELETE", "api/_platform/apps", platformToken(), null), 405, "METHOD_NOT_ALLOWED");
        assertError(http.send("GET", LOGIN, null, null), 405, "METHOD_NOT_ALLOWED");
        assertError(http.send("TRACE", "api/_platform/apps", null, null), 405, "METHOD_NOT_ALLOWED");
        assertError(http.send("FOO", "health", null, null), 405, "METHOD_NOT_ALLOWED");
        // HEAD and OPTIONS may be answered or refused, never with a 5xx
        assertThat(http.send("HEAD", "health", null, null).status()).isLessThan(500);
        assertThat(http.send("OPTIONS", "api/_platform/apps", null, null).status()).isLessThan(500);
    }

    // ---- bodies ----

    @Test
    void unparsableLoginBodiesAre400InvalidPayload() {
        String app = newApp();
        for (String path : List.of(LOGIN, "api/" + app + "/auth/login", "api/_platform/auth/refresh",
                "api/_platform/auth/logout")) {
            for (String body : List.of("{\"email\":", "[]", "[{\"email\":\"a\"}]", "\"x\"", "42", "null", "{} {}",
                    "{\"email\":\"a\",\"email\":\"b\"}", "{\"email\":NaN}", "{'email':'a'}", "not json")) {
                assertError(http.raw("POST", path, JSON, BodyPublishers.ofString(body)), 400, "INVALID_PAYLOAD");
            }
            assertError(http.raw("POST", path, JSON, BodyPublishers.noBody()), 400, "INVALID_PAYLOAD");
            assertError(http.raw("POST", path, Map.of(), BodyPublishers.noBody()), 400, "INVALID_PAYLOAD");
            assertError(http.raw("POST", path, JSON, BodyPublishers.ofByteArray(
                    new byte[] {'{', '"', 'e', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}'})), 400, "INVALID_PAYLOAD");
        }
        String admin = appAdminToken(app);
        assertError(http.post("api/" + app + "/_admin/users", admin, "[]"), 400, "INVALID_PAYLOAD");
        assertError(http.post("api/_platform/apps", platformToken(), "{\"name\":"), 400, "INVALID_PAYLOAD");
    }

    @Test
    void bodyAboveOneMebibyteIs413() {
        byte[] big = ("{\"email\":\"" + "a".repeat(2 * 1024 * 1024) + "\",\"password\":\"x\"}")
                .getBytes(StandardCharsets.UTF_8);
        // with Content-Length
        assertError(http.raw("POST", LOGIN, JSON, BodyPublishers.ofByteArray(big)), 413, "PAYLOAD_TOO_LARGE");
        // chunked (no Content-Length)
        assertError(http.raw("POST", LOGIN, JSON, BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))),
                413, "PAYLOAD_TOO_LARGE");
        assertError(http.raw("POST", "api/_platform/apps", Map.of("Content-Type", "application/json",
                "Authorization", "Bearer " + platformToken()), BodyPublishers.ofByteArray(big)), 413, "PAYLOAD_TOO_LARGE");
        // just under the limit is read and answered normally
        byte[] fits = ("{\"email\":\"" + "a".repeat(1_000_000) + "\",\"password\":\"x\"}").getBytes(StandardCharsets.UTF_8);
        assertError(http.raw("POST", LOGIN, JSON, BodyPublishers.ofByteArray(fits)), 401, "UNAUTHORIZED");
        // the server still answers afterwards
        assertStatus(http.get("health", null), 200);
    }

    @Test
    void deeplyNestedBodyIs400() {
        String deep = "{\"email\":" + "[".repeat(2000) + "]".repeat(2000) + ",\"password\":\"x\"}";
        assertError(http.raw("POST", LOGIN, JSON, BodyPublishers.ofString(deep)), 400, "INVALID_PAYLOAD");
        String deepObjects = "{\"a\":".repeat(2000) + "1" + "}".repeat(2000);
        assertError(http.raw("POST", LOGIN, JSON, BodyPublishers.ofString(deepObjects)), 400, "INVALID_PAYLOAD");
        // 1 000 levels are still accepted
        String ok = "{\"email\":" + "[".repeat(999) + "]".repeat(999) + ",\"password\":\"x\"}";
        assertError(http.raw("POST", LOGIN, JSON, BodyPublishers.ofString(ok)), 401, "UNAUTHORIZED");
    }

    // ---- nothing answers 5xx ----

    @Test
    void oddLoginInputsNeverGive5xx() {
        String app = newApp();
        List<Http.Res> all = new ArrayList<>();
        for (Object v : oddValues()) {
            for (String path : List.of(LOGIN, "api/" + app + "/auth/login")) {
                all.add(http.post(path, null, body("email", v, "password", "changeme")));
                all.add(http.post(path, null, body("email", ADMIN_EMAIL, "password", v)));
                all.add(http.post(path, null, body("email", v, "password", v)));
            }
            all.add(http.post("api/" + app + "/auth/refresh", null, body("refresh_token", v)));
        }
        all.forEach(r -> {
            assertNo5xx(r);
            assertThat(r.status()).as("%s", r).isNotEqualTo(200);
        });
        // logging out an unknown token is fine (200); odd values must still not break anything
        for (Object v : oddValues()) {
            assertNo5xx(http.post("api/_platform/auth/logout", null, body("refresh_token", v)));
            assertNo5xx(http.post("api/" + app + "/auth/logout", null, body("refresh_token", v)));
        }
    }

    @Test
    void oddUserInputsNeverGive5xx() {
        String app = newApp();
        String admin = appAdminToken(app);
        String users = "api/" + app + "/_admin/users";
        String id = createUser(app, admin, "target@example.com", "secret-1", List.of()).path("id").asText();
        List<Http.Res> all = new ArrayList<>();
        for (Object v : oddValues()) {
            all.add(http.post(users, admin, body("email", v, "password", "secret-1")));
            all.add(http.post(users, admin, body("email", "x@example.com", "password", v)));
            all.add(http.post(users, admin, body("email", "y@example.com", "password", "secret-1", "roles", v)));
            all.add(http.post(users, admin, body("email", "z@example.com", "password", "secret-1", "active", v)));
            all.add(http.post(users, admin, body("email", "w@example.com", "password", "secret-1", "roles", java.util.Collections.singletonList(v))));
            all.add(http.put(users + "/" + id, admin, body("email", v)));
            all.add(http.put(users + "/" + id, admin, body("email", "target@example.com", "password", v)));
            all.add(http.put(users + "/" + id, admin, body("email", "target@example.com", "roles", v)));
            all.add(http.put(users + "/" + id, admin, body("email", "target@example.com", "active", v)));
            // undo whatever was accepted, so that every round starts from the same users
            for (Http.Res r : all.subList(all.size() - 9, all.size())) {
                if (r.status() == 201) {
                    http.delete(users + "/" + r.data().path("id").asText(), admin);
                }
            }
            http.put(users + "/" + id, admin, body("email", "target@example.com", "active", true));
        }
        for (String odd : oddIds()) {
            all.add(http.get(users + "/" + odd, admin));
            all.add(http.put(users + "/" + odd, admin, body("email", "q@example.com")));
            all.add(http.delete(users + "/" + odd, admin));
        }
        all.forEach(r -> assertNo5xx(r));
    }

    @Test
    void oddAppInputsNeverGive5xx() {
        List<Http.Res> all = new ArrayList<>();
        for (Object v : oddValues()) {
            if (v instanceof String s && s.matches("[a-z][a-z0-9_-]{0,62}")) {
                continue; // a valid name would create an app of a fixed name
            }
            all.add(http.post("api/_platform/apps", platformToken(), body("name", v)));
            // an accepted display_name creates a database: try those that are likely refused, and a few others
            if (!(v instanceof String s) || s.length() > 200 || s.contains("\u0000") || s.contains("'") || s.isBlank()) {
                String name = randomAppName();
                deleteAfterTest(name);
                all.add(http.post("api/_platform/apps", platformToken(), body("name", name, "display_name", v)));
            }
        }
        for (String odd : oddIds()) {
            all.add(http.get("api/_platform/apps/" + odd, platformToken()));
            all.add(http.delete("api/_platform/apps/" + odd, platformToken()));
            all.add(http.post("api/" + odd + "/auth/login", null, body("email", ADMIN_EMAIL, "password", "changeme")));
            all.add(http.get("api/" + odd + "/_admin/users", platformToken()));
        }
        all.forEach(r -> assertNo5xx(r));
    }

    @Test
    void oddHeadersAndContentTypesNeverGive5xx() {
        String app = newApp();
        List<Http.Res> all = new ArrayList<>();
        String login = "{\"email\":\"platform@localhost\",\"password\":\"changeme\"}";
        for (String ct : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json; charset=latin1", "*/*",
                "application/json;;;", "application/json; charset=nope")) {
            all.add(http.raw("POST", LOGIN, Map.of("Content-Type", ct), BodyPublishers.ofString(login)));
        }
        for (String accept : List.of("text/html", "application/xml", "image/png", "garbage")) {
            all.add(http.raw("GET", "health", Map.of("Accept", accept), null));
            all.add(http.raw("POST", LOGIN, Map.of("Content-Type", "application/json", "Accept", accept),
                    BodyPublishers.ofString(login)));
        }
        for (String auth : List.of("Bearer " + "a".repeat(7000), "Bearer \u00e9\u00e8", "Bearer a.b",
                "Bearer " + platformToken().replace('.', '!'), "Bearer  " + platformToken(), "bEaReR", ",,,")) {
            all.add(http.raw("GET", "api/_platform/apps", Map.of("Authorization", auth), null));
            all.add(http.raw("GET", "api/" + app + "/_admin/users", Map.of("Authorization", auth), null));
        }
        all.forEach(r -> assertNo5xx(r));
    }

    @Test
    void oddUrlsNeverGive5xx() {
        // Sent over a raw socket, byte for byte. Some are refused by Tomcat itself before Rocket sees them
        // (400 with Tomcat's HTML page, e.g. %00, %2F, bad %-escapes, targets above 8 KiB): only the
        // status is checked here.
        for (String target : List.of("/api/%00/auth/login", "/api/x%2Fy/auth/login", "/api/_platform/apps/%zz", "/%",
                "/api/_platform/apps/%2e%2e", "/api/_platform/apps/..%2F..", "/api/%C3%BCn%C3%AF/_admin/users",
                "/api/_platform/apps?x=%00", "/health?a[]=1", "/health?%zz", "/api/_platform/apps/" + "x".repeat(2000),
                "/api/_platform/apps/" + "x".repeat(10_000), "/a/" + "b/".repeat(500), "/api/_platform/../health",
                "/api/./_platform/apps", "//api//_platform//apps", "/api/_platform/apps/%FF%FE", "/api/\u00fc/auth/login",
                "*", "http://example.com/health", "/api/_platform/apps/;jsessionid=x", "/api/;x=y/_admin/users")) {
            for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
                int status = http.rawStatus(method, target, "{}");
                assertThat(status).as("%s %s", method, target).isBetween(200, 499);
            }
        }
    }

    @Test
    void unparsableContentTypeGetsTheJsonEnvelope() {
        assertError(http.raw("POST", LOGIN, Map.of("Content-Type", "garbage"),
                BodyPublishers.ofString("{\"email\":\"a\",\"password\":\"b\"}")), 400, "INVALID_PAYLOAD");
        assertError(http.raw("GET", "health", Map.of("Content-Type", "garbage"), null), 400, "INVALID_PAYLOAD");
    }

    @Test
    void loginWithNulCharacterIs401() {
        assertError(http.post(LOGIN, null, Map.of("email", "a\u0000b@localhost", "password", "x")), 401, "UNAUTHORIZED");
        assertError(http.post(LOGIN, null, Map.of("email", PLATFORM_EMAIL, "password", "a\u0000b")), 401, "UNAUTHORIZED");
    }

    /** Values of every JSON type, edge-case strings (huge, unicode, quotes, control characters). */
    private static List<Object> oddValues() {
        Map<String, Object> obj = new LinkedHashMap<>();
        obj.put("$ne", null);
        List<Object> v = new ArrayList<>(Arrays.asList(
                null, true, false, 0, -1, 1.5, Long.MAX_VALUE, new java.math.BigDecimal("1e400"), "",
                " ", "a", "x".repeat(400), "y".repeat(100_000), "\u00fcn\u00efc\u00f6d\u00e9@\u4f8b\u3048.jp", "\ud83d\ude80@x.io",
                "\"quoted\"@x.io", "'; DROP TABLE _users; --", "a\\b@x.io", "\ud800@x.io", "a\u0001\u001f@x.io",
                "a\u0000b@x.io", "admin@localhost\n", "<script>@x.io", "%00@x.io", List.of(), List.of("a", 1),
                List.of(List.of()), obj, Map.of()));
        return v;
    }

    private static List<String> oddIds() {
        return List.of("not-a-uuid", "00000000-0000-0000-0000-000000000000", "%20", "'%20OR%201=1",
                "x".repeat(300), "%C3%BC", "0", "-1", "_platform", "_admin", "..");
    }

    private static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
