package dev.rocket.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import dev.rocket.expr.ExpressionEngine;
import dev.rocket.metadata.Hook;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Webhook definitions: defaults (G-48) and the validation messages of SPEC §12. */
class WebhookParserTest {
    private static final ExpressionEngine ENGINE = new ExpressionEngine();

    private static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("entity", "order");
        m.put("url", "https://hooks.example.com/o");
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<String> messages(Map<String, Object> body) {
        try {
            WebhookParser.parse(body, ENGINE);
        } catch (ApiException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.getMessage()).isEqualTo(e.details().get(0).get("message"));
            return e.details().stream().map(d -> (String) d.get("message")).toList();
        }
        throw new AssertionError("expected a 422 for " + body);
    }

    @Test
    void defaultsAreApplied() {
        WebhookDef w = WebhookParser.parse(body(), ENGINE);
        assertThat(w.hook()).isEqualTo(Hook.AFTER_WRITE);
        assertThat(w.method()).isEqualTo("POST");
        assertThat(w.headers()).isEmpty();
        assertThat(w.condition()).isEmpty();
        assertThat(w.compiled()).isNull();
        assertThat(w.async()).isTrue();
        assertThat(w.retry()).isEqualTo(Map.of("max_attempts", 3, "backoff", "exponential"));
        assertThat(w.active()).isTrue();
        assertThat(w.sync()).isFalse();
    }

    @Test
    void explicitNullsTakeTheDefaultsToo() {
        WebhookDef w = WebhookParser.parse(body("hook", null, "method", null, "headers", null, "retry", null,
                "active", null, "async", null, "condition", null), ENGINE);
        assertThat(w.hook()).isEqualTo(Hook.AFTER_WRITE);
        assertThat(w.retry()).isEqualTo(Map.of("max_attempts", 3, "backoff", "exponential"));
    }

    @Test
    void aPartialRetryObjectIsCompleted() {
        assertThat(WebhookParser.parse(body("retry", Map.of("backoff", "linear")), ENGINE).retry())
                .isEqualTo(Map.of("max_attempts", 3, "backoff", "linear"));
        assertThat(WebhookParser.parse(body("retry", Map.of("max_attempts", 1)), ENGINE).maxAttempts()).isEqualTo(1);
    }

    @Test
    void specMessages() {
        Map<String, Object> noEntity = body();
        noEntity.remove("entity");
        assertThat(messages(noEntity)).containsExactly("entity is required");
        assertThat(messages(body("hook", "on_tuesday")))
                .containsExactly("hook must be after_write, before_write, after_delete, or before_delete");
        assertThat(messages(body("url", ""))).containsExactly("url is required");
        assertThat(messages(body("url", null))).containsExactly("url is required");
        assertThat(messages(body("url", "ftp://x"))).containsExactly("url must start with http:// or https://");
        assertThat(messages(body("method", "TRACE"))).containsExactly("method must be POST, PUT, PATCH, GET, or DELETE");
    }

    @Test
    void everyProblemIsReportedInOrder() {
        assertThat(messages(Map.of("hook", "x", "method", "y"))).containsExactly("entity is required",
                "hook must be after_write, before_write, after_delete, or before_delete", "url is required",
                "method must be POST, PUT, PATCH, GET, or DELETE");
    }

    @Test
    void malformedUrlsAreRejected() {
        assertThat(messages(body("url", "http://"))).containsExactly("url must start with http:// or https://");
        assertThat(messages(body("url", "https://a b/"))).containsExactly("url must start with http:// or https://");
        assertThat(messages(body("url", 5))).containsExactly("url must start with http:// or https://");
    }

    @Test
    void urlsWithCredentialsOrAmbiguousNumericHostsAreRejected() {
        assertThat(messages(body("url", "http://user:secret@hooks.example/"))).containsExactly(
                "url must not contain user credentials");
        assertThat(messages(body("url", "http://2130706433/"))).containsExactly(
                "url host must be a name or a dotted IPv4 address");
        assertThat(messages(body("url", "http://0177.0.0.1/"))).containsExactly(
                "url host must be a name or a dotted IPv4 address");
    }

    @Test
    void methodIsNormalisedToUpperCase() {
        assertThat(WebhookParser.parse(body("method", "patch"), ENGINE).method()).isEqualTo("PATCH");
    }

    @Test
    void beforeHooksAreSyncWhateverTheAsyncFlag() {
        assertThat(WebhookParser.parse(body("hook", "before_delete", "async", true), ENGINE).sync()).isTrue();
        assertThat(WebhookParser.parse(body("hook", "after_delete", "async", false), ENGINE).sync()).isFalse();
    }

    @Test
    void conditionsAreCompiledOnceAndInvalidOnesRejected() throws Exception {
        WebhookDef w = WebhookParser.parse(body("condition", "record.amount > 100"), ENGINE);
        assertThat(w.compiled()).isNotNull();
        assertThat(w.compiled().test(Map.of("record", Map.of("amount", 500)))).isTrue();
        assertThat(messages(body("condition", "record.("))).singleElement().asString().startsWith("invalid condition: ");
        assertThat(messages(body("condition", 3))).containsExactly("condition must be a string");
    }

    @Test
    void headersMustBeAnObjectOfSingleLineValues() {
        assertThat(WebhookParser.parse(body("headers", Map.of("X-Key", "{{env.K}}", "X-N", 5)), ENGINE).headers())
                .isEqualTo(Map.of("X-Key", "{{env.K}}", "X-N", "5"));
        assertThat(messages(body("headers", List.of()))).containsExactly("headers must be an object");
        assertThat(messages(body("headers", Map.of("Bad Name", "v")))).containsExactly("invalid header name: Bad Name");
        assertThat(messages(body("headers", Map.of("X", "a\r\nb")))).containsExactly("header X must not contain line breaks");
        assertThat(messages(body("headers", Map.of("X", Map.of())))).containsExactly("header X must be a string");
    }

    @Test
    void flagsAndRetryAreTypeChecked() {
        assertThat(messages(body("async", "yes"))).containsExactly("async must be a boolean");
        assertThat(messages(body("active", 1))).containsExactly("active must be a boolean");
        assertThat(messages(body("retry", "3"))).containsExactly("retry must be an object");
        assertThat(messages(body("retry", Map.of("max_attempts", 0))))
                .containsExactly("retry.max_attempts must be an integer from 1 to 100");
        assertThat(messages(body("retry", Map.of("backoff", "fibonacci"))))
                .containsExactly("retry.backoff must be exponential or linear");
    }

    @Test
    void aStoredRowParsesBackWithItsId() {
        Map<String, Object> row = body("id", "3f0c7c1e-0000-4000-8000-000000000001", "hook", "before_write",
                "method", "PUT", "headers", Map.of("X", "1"), "condition", "action == 'create'", "async", false,
                "retry", Map.of("max_attempts", 5, "backoff", "linear"), "active", true);
        WebhookDef w = WebhookParser.parse(row, ENGINE);
        assertThat(w.id()).isEqualTo("3f0c7c1e-0000-4000-8000-000000000001");
        assertThat(w.maxAttempts()).isEqualTo(5);
        assertThat(w.backoff()).isEqualTo("linear");
        assertThat(w.sync()).isTrue();
    }

    @Test
    void withARegistryTheEntityMustExist() {
        dev.rocket.metadata.Registry reg = dev.rocket.metadata.Registry.EMPTY;
        assertThatThrownBy(() -> WebhookParser.parse(body(), reg, ENGINE))
                .isInstanceOf(ApiException.class).hasMessage("entity not found: order");
    }

    @Test
    void nonStringEntityIsRequiredError() {
        assertThatThrownBy(() -> WebhookParser.parse(body("entity", 7), ENGINE))
                .isInstanceOf(ApiException.class).hasMessage("entity is required");
    }
}
