package dev.rocket.webhook;

import java.time.Duration;
import java.util.Map;

/**
 * Sends one outbound HTTP request: webhook deliveries, state-machine webhook actions and workflow webhook steps all
 * go through it. The default is {@link HttpTransport}; tests or other transports may plug in.
 */
public interface WebhookTransport {
    /** Deadline of a call made after commit (deliveries, their retries, state-machine actions). */
    Duration TIMEOUT = Duration.ofSeconds(30);

    /** {@code body} is null for GET. */
    record Request(String method, String url, Map<String, String> headers, String body) {
    }

    /** {@code status} is null when no response came; {@code error} is the transport error, else null. */
    record Result(Integer status, String body, String error) {
        public boolean ok() {
            return error == null && status != null && status >= 200 && status < 300;
        }

        /** The log's {@code error} column: the transport error, {@code "HTTP {code}"}, or "" on success. */
        public String errorText() {
            if (error != null) {
                return error;
            }
            return ok() ? "" : "HTTP " + status;
        }
    }

    /** Sends {@code request}; the whole call (connect, request, response) ends within {@code timeout}. */
    Result send(Request request, Duration timeout);
}
