package dev.rocket.webhook;

import dev.rocket.json.Json;
import java.util.Map;
import java.util.UUID;

/**
 * One delivery of one webhook for one record: a {@code _webhook_logs} row and the request it sends.
 * {@code headers} are the templates as configured (what the log stores); they are resolved only in
 * {@link #request()}.
 */
public record Delivery(UUID id, WebhookDef hook, Map<String, String> headers, Map<String, Object> payload,
                       String idempotencyKey) {

    public WebhookTransport.Request request() {
        return new WebhookTransport.Request(hook.method(), hook.url(), HeaderTemplates.resolve(headers),
                "GET".equals(hook.method()) ? null : Json.write(payload));
    }
}
