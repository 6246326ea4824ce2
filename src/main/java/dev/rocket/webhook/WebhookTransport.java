package dev.rocket.webhook;

import java.util.Map;

/** Sends one webhook request. The default is {@link HttpTransport}; tests or other transports may plug in. */
public interface WebhookTransport {

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

    Result send(Request request);
}
