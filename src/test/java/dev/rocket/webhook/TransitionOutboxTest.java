package dev.rocket.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The call a state machine's {@code webhook} action makes (SPEC §8). */
class TransitionOutboxTest {

    private static Map<String, Object> record() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", 7);
        r.put("status", "paid");
        return r;
    }

    @Test
    void postsTheRecordByDefault() {
        TransitionOutbox.Call call = TransitionOutbox.call(Map.of("type", "webhook", "url", "https://h.example/x"), record());
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.url()).isEqualTo("https://h.example/x");
        assertThat(call.body()).isEqualTo("{\"id\":7,\"status\":\"paid\"}");
        assertThat(call.headers()).isEmpty();
        assertThat(call.id()).isNotNull();
    }

    @Test
    void methodIsUpperCasedGetHasNoBodyAndHeadersAreKeptAsConfigured() {
        Map<String, Object> action = Map.of("type", "webhook", "url", "https://h.example/x", "method", "get",
                "headers", Map.of("X-Token", "{{env.HOOK_TOKEN}}", "X-N", 3));
        TransitionOutbox.Call call = TransitionOutbox.call(action, record());
        assertThat(call.method()).isEqualTo("GET");
        assertThat(call.body()).isNull();
        // stored unresolved: templates are resolved only when sending, so no secret reaches the database
        assertThat(call.headers()).containsEntry("X-Token", "{{env.HOOK_TOKEN}}").containsEntry("X-N", "3");
        assertThat(TransitionOutbox.call(Map.of("type", "webhook", "url", "https://h.example/x", "method", "put"),
                record()).body()).contains("\"paid\"");
    }

    @Test
    void anActionWithoutAUrlMakesNoCall() {
        assertThat(TransitionOutbox.call(Map.of("type", "webhook"), record())).isNull();
        assertThat(TransitionOutbox.call(Map.of("type", "webhook", "url", List.of("x")), record())).isNull();
    }
}
