package dev.rocket.webhook;

import dev.rocket.expr.CompiledExpression;
import dev.rocket.metadata.Hook;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One webhook, validated, with every default applied and its condition compiled ({@code null} when
 * the condition is empty: always fire). Immutable; lives in the registry snapshot.
 */
public record WebhookDef(String id, String entity, Hook hook, String url, String method,
                         Map<String, String> headers, String condition, CompiledExpression compiled,
                         boolean async, int maxAttempts, String backoff, boolean active) {

    public WebhookDef {
        headers = Map.copyOf(headers);
    }

    /** {@code before_*} hooks are called inside the write transaction and may veto it (docs/webhooks.md). */
    public boolean sync() {
        return switch (hook) {
            case BEFORE_WRITE, BEFORE_DELETE -> true;
            case AFTER_WRITE, AFTER_DELETE -> false;
        };
    }

    /** The stored form of the retry policy. */
    public Map<String, Object> retry() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("max_attempts", maxAttempts);
        r.put("backoff", backoff);
        return r;
    }
}
