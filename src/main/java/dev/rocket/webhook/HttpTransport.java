package dev.rocket.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Logger;

/** java.net.http: 30 s timeout, no redirects, response body kept up to 64 KiB. Thread-safe. */
public final class HttpTransport implements WebhookTransport {
    private static final Logger LOG = Logger.getLogger(HttpTransport.class.getName());
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    public static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Override
    public Result send(Request r) {
        HttpRequest request;
        try {
            request = build(r);
        } catch (IllegalArgumentException e) {
            return new Result(null, "", "invalid request: " + e.getMessage());
        }
        try {
            HttpResponse<InputStream> res = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            return new Result(res.statusCode(), read(res.body()), null);
        } catch (HttpTimeoutException e) {
            return new Result(null, "", "timeout after " + TIMEOUT.toSeconds() + " s");
        } catch (IOException e) {
            return new Result(null, "", describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, "", "interrupted");
        }
    }

    private static HttpRequest build(Request r) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(r.url())).timeout(TIMEOUT);
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            try {
                b.header(h.getKey(), h.getValue());
            } catch (IllegalArgumentException e) {
                // restricted (Host, Connection, Content-Length …) or invalid: the client sets its own
                LOG.fine(() -> "webhook header skipped: " + h.getKey());
            }
        }
        if ("GET".equals(r.method()) || r.body() == null) {
            return b.method(r.method(), HttpRequest.BodyPublishers.noBody()).build();
        }
        return b.method(r.method(), HttpRequest.BodyPublishers.ofString(r.body(), StandardCharsets.UTF_8)).build();
    }

    private static String read(InputStream in) throws IOException {
        try (in) {
            byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName();
        if (e.getCause() != null && (m == null || m.isBlank())) {
            m = e.getCause().toString();
        }
        return m == null || m.isBlank() ? kind : kind + ": " + m;
    }
}
