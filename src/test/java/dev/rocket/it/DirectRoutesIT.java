package dev.rocket.it;

import static dev.rocket.it.support.AppClient.entityDef;
import static dev.rocket.it.support.AppClient.field;
import static dev.rocket.it.support.AppClient.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocket.it.support.AppClient;
import dev.rocket.it.support.Http;
import dev.rocket.it.support.RocketItBase;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The entity routes are answered by the servlet filter itself when plainly spelled, by Jersey otherwise
 * (an {@code Accept} with parameters, a percent-encoded segment): both ways give the same status, body,
 * content type and request id header, for successes and for every kind of error.
 */
class DirectRoutesIT extends RocketItBase {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** JSON, but with a parameter the filter leaves to Jersey's content negotiation. */
    private static final String VIA_JERSEY = "application/json;charset=utf-8";

    private record Answer(int status, String contentType, String requestId, JsonNode body) {
    }

    private Answer call(String method, String path, String token, String accept, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(http.uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode json = r.body().isEmpty() ? null : Http.JSON.readTree(r.body());
            return new Answer(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    r.headers().firstValue("X-Request-Id").orElse(null), json);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The same request both ways; asserts they agree and returns the direct answer. */
    private Answer bothWays(String method, String path, String token, String body) {
        Answer direct = call(method, path, token, null, body);
        Answer jersey = call(method, path, token, VIA_JERSEY, body);
        assertThat(direct.requestId()).as("X-Request-Id of " + method + " " + path).matches("[0-9a-f]{1,16}");
        assertThat(jersey.requestId()).matches("[0-9a-f]{1,16}").isNotEqualTo(direct.requestId());
        assertThat(direct.status()).as(method + " " + path + " " + direct.body()).isEqualTo(jersey.status());
        assertThat(direct.contentType()).startsWith("application/json");
        assertThat(jersey.contentType()).startsWith("application/json");
        assertThat(direct.body()).as(method + " " + path).isEqualTo(jersey.body());
        return direct;
    }

    private AppClient books() {
        String app = newApp();
        AppClient a = new AppClient(http, app, appAdminToken(app));
        a.entity(entityDef("book", "int", false, field("title", "string", "required", true), field("qty", "int")));
        return a;
    }

    @Test
    void readsAnswerTheSameBothWays() {
        AppClient a = books();
        long id = a.create("book", map("title", "Dune", "qty", 3)).get("id").asLong();
        a.create("book", map("title", "Emma", "qty", 5));
        Answer one = bothWays("GET", a.path("book/" + id), a.token(), null);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body().at("/data/title").asText()).isEqualTo("Dune");
        Answer list = bothWays("GET", a.path("book") + "?sort=-qty&per_page=1", a.token(), null);
        assertThat(list.body().at("/data/0/title").asText()).isEqualTo("Emma");
        assertThat(list.body().at("/meta/total").asLong()).isEqualTo(2);
        // a query parameter percent-encoded, as clients send brackets
        Answer filtered = bothWays("GET", a.path("book") + "?filter%5Bqty.gt%5D=4", a.token(), null);
        assertThat(filtered.body().at("/meta/total").asLong()).isEqualTo(1);
    }

    @Test
    void errorsAnswerTheSameBothWays() {
        AppClient a = books();
        long id = a.create("book", map("title", "Dune")).get("id").asLong();
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("GET " + a.path("nope"), 404);
        expected.put("GET " + a.path("nope/1"), 404);
        expected.put("GET api/no_such_app_" + id + "/book", 404);
        expected.put("GET " + a.path("book/999999"), 404);
        expected.put("GET " + a.path("book/not-a-number"), 404); // an id that cannot be a key finds nothing
        expected.put("GET " + a.path("book") + "?sort=nope", 400);
        expected.put("GET " + a.path("book") + "?filter%5Bnope%5D=1", 400);
        expected.put("DELETE " + a.path("book/999999"), 404);
        for (Map.Entry<String, Integer> e : expected.entrySet()) {
            String[] mp = e.getKey().split(" ", 2);
            Answer r = bothWays(mp[0], mp[1], a.token(), null);
            assertThat(r.status()).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(r.body().at("/error/code").asText()).as(e.getKey()).isNotEmpty();
        }
        // no token, a bad token
        assertThat(bothWays("GET", a.path("book"), null, null).status()).isEqualTo(401);
        assertThat(bothWays("GET", a.path("book/" + id), "not.a.token", null).status()).isEqualTo(401);
        // bodies: not an object, malformed, failing validation; nothing is written
        for (String body : new String[] {"[]", "{\"title\":", "{}", "{\"title\":\"x\",\"qty\":\"many\"}",
                "{\"title\":\"x\",\"nope\":1}"}) {
            assertThat(bothWays("POST", a.path("book"), a.token(), body).status()).as(body).isBetween(400, 422);
            assertThat(bothWays("PUT", a.path("book/" + id), a.token(), body).status()).as(body)
                    .isBetween(body.equals("{}") ? 200 : 400, 422);
        }
        assertThat(a.total("book", "")).isEqualTo(1);
        assertThat(a.read("book", id).get("title").asText()).isEqualTo("Dune");
        // a body above the limit is refused before it is read
        String big = "{\"title\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        Answer tooLarge = bothWays("POST", a.path("book"), a.token(), big);
        assertThat(tooLarge.status()).isEqualTo(413);
    }

    @Test
    void writesAnswerTheSameWhicheverWayTheyCome() {
        AppClient a = books();
        Answer viaFilter = call("POST", a.path("book"), a.token(), null, "{\"title\":\"A\",\"qty\":1}");
        Answer viaJersey = call("POST", a.path("book"), a.token(), VIA_JERSEY, "{\"title\":\"A\",\"qty\":1}");
        assertThat(viaFilter.status()).isEqualTo(201);
        assertThat(viaJersey.status()).isEqualTo(201);
        assertThat(fieldNames(viaFilter.body().get("data"))).isEqualTo(fieldNames(viaJersey.body().get("data")));
        long id = viaFilter.body().at("/data/id").asLong();
        Answer put = call("PUT", a.path("book/" + id), a.token(), null, "{\"qty\":2}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body().at("/data/qty").asInt()).isEqualTo(2);
        Answer del = call("DELETE", a.path("book/" + id), a.token(), null, null);
        assertThat(del.status()).isEqualTo(200);
        assertThat(call("GET", a.path("book/" + id), a.token(), null, null).status()).isEqualTo(404);
        // a percent-encoded segment goes through Jersey, which decodes it: the same row
        long other = viaJersey.body().at("/data/id").asLong();
        Answer encoded = call("GET", "api/" + a.app() + "/bo%6Fk/" + other, a.token(), null, null);
        assertThat(encoded.status()).isEqualTo(200);
        assertThat(encoded.body()).isEqualTo(call("GET", a.path("book/" + other), a.token(), null, null).body());
    }

    @Test
    void methodsAndMediaTypesTheRoutesDoNotServeAreRefusedWithAnEnvelope() {
        AppClient a = books();
        long id = a.create("book", map("title", "Dune")).get("id").asLong();
        for (String[] mp : new String[][] {{"PATCH", a.path("book/" + id)}, {"POST", a.path("book/" + id)},
                {"PUT", a.path("book")}, {"DELETE", a.path("book")}, {"PATCH", a.path("book")}}) {
            Answer r = call(mp[0], mp[1], a.token(), null, "{}");
            assertThat(r.status()).as(mp[0] + " " + mp[1]).isEqualTo(405);
            assertThat(r.body().at("/error/code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
            assertThat(r.requestId()).isNotNull();
        }
        Answer html = call("GET", a.path("book/" + id), a.token(), "text/html", null);
        assertThat(html.status()).isBetween(400, 499);
        assertThat(html.requestId()).isNotNull();
    }

    private static java.util.List<String> fieldNames(JsonNode n) {
        java.util.List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
