package dev.rocket.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Assertions on Rocket's response envelopes (SPEC §2). */
public final class ApiAssertions {
    private ApiAssertions() {
    }

    /** The status, a JSON content type and a parseable body; returns the response for chaining. */
    public static Http.Res assertStatus(Http.Res res, int status) {
        assertThat(res.status()).as("status of %s", res).isEqualTo(status);
        assertThat(res.contentType()).as("Content-Type of %s", res).startsWith("application/json");
        res.json();
        return res;
    }

    /** An error envelope {@code {"error":{"code","message"[,"details"]}}} with that status and code. */
    public static Http.Res assertError(Http.Res res, int status, String code) {
        assertStatus(res, status);
        assertEnvelope(res);
        assertThat(res.errorCode()).as("error.code of %s", res).isEqualTo(code);
        return res;
    }

    /** Any error envelope, whatever the code. */
    public static void assertEnvelope(Http.Res res) {
        JsonNode root = res.json();
        assertThat(root.isObject()).as("body of %s is an object", res).isTrue();
        assertThat(fieldNames(root)).as("top-level keys of %s", res).containsExactly("error");
        JsonNode error = root.get("error");
        assertThat(fieldNames(error)).as("error keys of %s", res).contains("code", "message")
                .isSubsetOf("code", "message", "details");
        assertThat(error.get("code").isTextual()).as("error.code is text in %s", res).isTrue();
        assertThat(error.get("message").isTextual()).as("error.message is text in %s", res).isTrue();
        assertThat(error.get("message").asText()).as("error.message of %s", res).isNotBlank();
        if (error.has("details")) {
            assertThat(error.get("details").isArray()).as("details is an array in %s", res).isTrue();
            assertThat(error.get("details").size()).as("details of %s (omitted when empty)", res).isPositive();
        }
    }

    /** Never a 5xx, always JSON; an error status always carries the error envelope. */
    public static void assertNo5xx(Http.Res res) {
        assertThat(res.status()).as("status of %s", res).isBetween(200, 499);
        assertThat(res.contentType()).as("Content-Type of %s", res).startsWith("application/json");
        if (res.status() >= 400) {
            assertEnvelope(res);
        }
    }

    public static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Every object key anywhere in the tree (to check that e.g. no password hash is ever returned). */
    public static List<String> allKeys(JsonNode node) {
        List<String> out = new ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                out.add(e.getKey());
                collect(e.getValue(), out);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, out));
        }
    }
}
