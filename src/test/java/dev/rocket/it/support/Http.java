package dev.rocket.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small JSON-over-HTTP client for the deployed Rocket (java.net.http, HTTP/1.1, Jackson). */
public final class Http {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final URI base;

    public Http(URL base) {
        try {
            String s = base.toURI().toString();
            this.base = URI.create(s.endsWith("/") ? s : s + "/");
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public URI base() {
        return base;
    }

    /** {@code path} is relative to the deployment root, with or without a leading slash; it is used verbatim. */
    public URI uri(String path) {
        return URI.create(base + (path.startsWith("/") ? path.substring(1) : path));
    }

    public Res get(String path, String token) {
        return send("GET", path, token, null);
    }

    public Res post(String path, String token, Object body) {
        return send("POST", path, token, body);
    }

    public Res put(String path, String token, Object body) {
        return send("PUT", path, token, body);
    }

    public Res delete(String path, String token) {
        return send("DELETE", path, token, null);
    }

    /** Sends {@code body} as JSON: a String is sent verbatim, anything else is serialized with Jackson. */
    public Res send(String method, String path, String token, Object body) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (token != null) {
            headers.put("Authorization", "Bearer " + token);
        }
        BodyPublisher publisher;
        if (body == null) {
            publisher = BodyPublishers.noBody();
        } else {
            headers.put("Content-Type", "application/json");
            publisher = BodyPublishers.ofString(body instanceof String s ? s : write(body), StandardCharsets.UTF_8);
        }
        return raw(method, path, headers, publisher);
    }

    /** Any request: headers as given (e.g. a raw Authorization value), any body publisher. */
    public Res raw(String method, String path, Map<String, String> headers, BodyPublisher body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? BodyPublishers.noBody() : body);
        if (headers != null) {
            headers.forEach(b::header);
        }
        HttpRequest req = b.build();
        try {
            HttpResponse<byte[]> r = CLIENT.send(req, BodyHandlers.ofByteArray());
            return new Res(method + " " + path, r.statusCode(), r.headers().firstValue("Content-Type").orElse(""),
                    new String(r.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends one request with a verbatim request target over a plain socket (for targets that
     * {@link java.net.URI} refuses) and returns the status code of the answer.
     */
    public int rawStatus(String method, String target, String body) {
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + target + " HTTP/1.1\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + payload.length + "\r\n"
                + "Connection: close\r\n\r\n";
        try (java.net.Socket s = new java.net.Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(30_000);
            var out = s.getOutputStream();
            try {
                out.write(head.getBytes(StandardCharsets.UTF_8));
                out.write(payload);
                out.flush();
            } catch (java.net.SocketException early) {
                // the server may answer (e.g. 400 for an oversized request line) and close before we finish
                // writing: its answer is still in the socket's receive buffer, read it below
            }
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            String statusLine = in.readLine();
            if (statusLine == null || !statusLine.startsWith("HTTP/1.1 ")) {
                throw new AssertionError(method + " " + target + ": no HTTP status line, got " + statusLine);
            }
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + target + " failed: " + e, e);
        }
    }

    public static String write(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One response: status, Content-Type and body text; {@link #json()} parses the body. */
    public record Res(String request, int status, String contentType, String body) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(request + " → " + status + ": body is not JSON: " + abbreviated(), e);
            }
        }

        /** {@code data} of a success envelope. */
        public JsonNode data() {
            return json().path("data");
        }

        public String errorCode() {
            return json().path("error").path("code").asText(null);
        }

        public String errorMessage() {
            return json().path("error").path("message").asText(null);
        }

        public String abbreviated() {
            return body.length() > 500 ? body.substring(0, 500) + "…" : body;
        }

        @Override
        public String toString() {
            return request + " → " + status + " " + abbreviated();
        }
    }
}
