package dev.rocket.webhook;

import dev.rocket.outbound.AddressNotAllowedException;
import dev.rocket.outbound.AddressPolicy;
import dev.rocket.outbound.GuardedDnsResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Rocket's outbound HTTP calls, on Apache HttpClient. Its name resolution is the {@link GuardedDnsResolver}: a
 * target's addresses are resolved once and checked by the {@link AddressPolicy}, and the client connects to exactly
 * the checked addresses while TLS (SNI, certificate check) and the Host header keep the URL's name. No redirects,
 * no automatic retries, no proxy, no cookies. A deadline covers the whole call (a timer aborts it); the response
 * body is kept up to 64 KiB and the connection dropped rather than the rest read. Errors say only
 * {@value #REFUSED}, {@value #FAILED} or {@value #TIMED_OUT} — never which port answered or why. Thread-safe.
 */
public final class HttpTransport implements WebhookTransport, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HttpTransport.class.getName());
    public static final int MAX_RESPONSE_BYTES = 64 * 1024;
    static final String REFUSED = "address not allowed";
    static final String FAILED = "connection failed";
    static final String TIMED_OUT = "timeout";
    /** Headers the client sets itself: a configured one would break the message framing or its target. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "transfer-encoding", "connection",
            "keep-alive", "upgrade", "te", "trailer", "expect", "proxy-connection");

    private final CloseableHttpClient client;
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rocket-outbound-deadlines");
        t.setDaemon(true);
        return t;
    });

    public HttpTransport(AddressPolicy policy) {
        this(new GuardedDnsResolver(policy));
    }

    HttpTransport(DnsResolver resolver) {
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(resolver)
                        .setMaxConnTotal(200)
                        .setMaxConnPerRoute(50)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(TIMEOUT))
                                .setSocketTimeout(Timeout.of(TIMEOUT))
                                .build())
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setUserAgent("Rocket")
                .build();
    }

    @Override
    public Result send(Request r, Duration timeout) {
        HttpUriRequestBase request;
        try {
            request = build(r);
        } catch (IllegalArgumentException e) {
            return new Result(null, "", "invalid request");
        }
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            expired.set(true);
            request.cancel();
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        ClassicHttpResponse response = null;
        try {
            response = client.executeOpen(null, request, null);
            return new Result(response.getCode(), read(response.getEntity(), request), null);
        } catch (IOException e) {
            if (refused(e)) {
                return new Result(null, "", REFUSED);
            }
            if (Thread.currentThread().isInterrupted()) {
                return new Result(null, "", "interrupted");
            }
            return new Result(null, "", expired.get() || e instanceof InterruptedIOException ? TIMED_OUT : FAILED);
        } finally {
            deadline.cancel(false);
            closeQuietly(response);
        }
    }

    private static HttpUriRequestBase build(Request r) {
        HttpUriRequestBase b = new HttpUriRequestBase(r.method(), URI.create(r.url()));
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            if (RESTRICTED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                LOG.fine(() -> "outbound header skipped: " + h.getKey());
            } else {
                b.addHeader(h.getKey(), h.getValue());
            }
        }
        if (!"GET".equals(r.method()) && r.body() != null) {
            b.setEntity(new StringEntity(r.body(), ContentType.APPLICATION_JSON));
        }
        return b;
    }

    /** Up to {@link #MAX_RESPONSE_BYTES}; a longer body is not read to its end: the connection is dropped instead. */
    private static String read(HttpEntity entity, HttpUriRequestBase request) throws IOException {
        if (entity == null) {
            return "";
        }
        InputStream in = entity.getContent();
        byte[] bytes = in.readNBytes(MAX_RESPONSE_BYTES);
        if (bytes.length == MAX_RESPONSE_BYTES && in.read() != -1) {
            request.cancel();
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AddressNotAllowedException) {
                return true;
            }
        }
        return false;
    }

    private static void closeQuietly(ClassicHttpResponse response) {
        if (response != null) {
            try {
                response.close();
            } catch (IOException | RuntimeException e) {
                LOG.finest(() -> "closing an outbound response: " + e);
            }
        }
    }

    @Override
    public void close() {
        deadlines.shutdownNow();
        client.close(CloseMode.IMMEDIATE);
    }
}
