package dev.rocket.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.rocket.outbound.AddressPolicy;
import dev.rocket.outbound.GuardedDnsResolver;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Outbound calls against a receiver on 127.0.0.1: refused unless admitted, pinned, no redirects, terse errors. */
class HttpTransportTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private HttpServer receiver;
    private final List<String> hits = new CopyOnWriteArrayList<>();
    private final List<HttpTransport> transports = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("0.0.0.0", 0), 0);
        receiver.createContext("/", ex -> {
            hits.add(ex.getRequestMethod() + " " + ex.getRequestURI().getPath() + " host=" + ex.getRequestHeaders().getFirst("Host")
                    + " body=" + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String path = ex.getRequestURI().getPath();
            if (path.equals("/redirect")) {
                ex.getResponseHeaders().add("Location", "/target");
                ex.sendResponseHeaders(302, -1);
            } else if (path.equals("/slow")) {
                sleep(3_000);
                ex.sendResponseHeaders(200, -1);
            } else if (path.equals("/big")) {
                ex.sendResponseHeaders(200, 0);
                try (OutputStream out = ex.getResponseBody()) {
                    for (int i = 0; i < 1_000; i++) {
                        out.write(new byte[1024]);
                    }
                } catch (IOException dropped) {
                    // the client stops reading after 64 KiB
                }
            } else {
                byte[] b = "ok".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
            }
            ex.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        transports.forEach(HttpTransport::close);
    }

    private HttpTransport transport(String allowed) {
        HttpTransport t = new HttpTransport(AddressPolicy.of(allowed));
        transports.add(t);
        return t;
    }

    private int port() {
        return receiver.getAddress().getPort();
    }

    private static WebhookTransport.Request post(String url) {
        return new WebhookTransport.Request("POST", url, Map.of("Content-Type", "application/json", "X-A", "1"), "{\"a\":1}");
    }

    @Test
    void loopbackIsRefusedByDefaultWithoutConnecting() {
        HttpTransport t = transport("");
        for (String host : List.of("127.0.0.1", "localhost", "0.0.0.0", "[::ffff:127.0.0.1]", "2130706433", "0177.0.0.1")) {
            WebhookTransport.Result r = t.send(post("http://" + host + ":" + port() + "/ok"), DEADLINE);
            assertThat(r.error()).as(host).isEqualTo("address not allowed");
            assertThat(r.status()).isNull();
        }
        assertThat(hits).isEmpty();
    }

    @Test
    void anAdmittedNetworkIsReachedAndTheAnswerKept() {
        WebhookTransport.Result r = transport("127.0.0.0/8").send(post("http://127.0.0.1:" + port() + "/ok"), DEADLINE);
        assertThat(r.ok()).isTrue();
        assertThat(r.body()).isEqualTo("ok");
        assertThat(hits).containsExactly("POST /ok host=127.0.0.1:" + port() + " body={\"a\":1}");
    }

    @Test
    void unspecifiedAndAmbiguousSpellingsStayRefusedWhenLoopbackIsAdmitted() {
        HttpTransport t = transport("127.0.0.0/8");
        for (String host : List.of("0.0.0.0", "2130706433", "0x7f.0.0.1", "127.1", "[::1]")) {
            assertThat(t.send(post("http://" + host + ":" + port() + "/ok"), DEADLINE).error()).as(host)
                    .isEqualTo("address not allowed");
        }
        assertThat(hits).isEmpty();
    }

    @Test
    void connectsToTheCheckedAddressAndSendsTheUrlsHostName() throws Exception {
        // "hook.test" exists only in this resolver's table: the connection can only go to the address it checked
        HttpTransport t = new HttpTransport(new GuardedDnsResolver(AddressPolicy.of("127.0.0.0/8"),
                host -> "hook.test".equals(host) ? new InetAddress[] {InetAddress.getByName("127.0.0.1")} : new InetAddress[0]));
        transports.add(t);
        WebhookTransport.Result r = t.send(post("http://hook.test:" + port() + "/pinned"), DEADLINE);
        assertThat(r.ok()).isTrue();
        assertThat(hits).containsExactly("POST /pinned host=hook.test:" + port() + " body={\"a\":1}");
    }

    @Test
    void redirectsAreNotFollowed() {
        WebhookTransport.Result r = transport("127.0.0.0/8").send(post("http://127.0.0.1:" + port() + "/redirect"), DEADLINE);
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.errorText()).isEqualTo("HTTP 302");
        assertThat(hits).hasSize(1);
    }

    @Test
    void aClosedPortIsAConnectionFailureWithoutDetails() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        WebhookTransport.Result r = transport("127.0.0.0/8").send(post("http://127.0.0.1:" + closed + "/"), DEADLINE);
        assertThat(r.error()).isEqualTo("connection failed");
        assertThat(r.status()).isNull();
    }

    @Test
    void theDeadlineCoversTheWholeCall() {
        long t0 = System.nanoTime();
        WebhookTransport.Result r = transport("127.0.0.0/8").send(post("http://127.0.0.1:" + port() + "/slow"),
                Duration.ofMillis(300));
        assertThat(r.error()).isEqualTo("timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void aLongAnswerIsCutAt64KiB() {
        WebhookTransport.Result r = transport("127.0.0.0/8").send(
                new WebhookTransport.Request("GET", "http://127.0.0.1:" + port() + "/big", Map.of(), null), DEADLINE);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).hasSize(HttpTransport.MAX_RESPONSE_BYTES);
    }

    @Test
    void framingHeadersFromTheDefinitionAreNotSent() {
        WebhookTransport.Result r = transport("127.0.0.0/8").send(new WebhookTransport.Request("POST",
                "http://127.0.0.1:" + port() + "/ok", Map.of("Host", "evil.example", "Content-Length", "1",
                "Transfer-Encoding", "chunked"), "{}"), DEADLINE);
        assertThat(r.ok()).isTrue();
        assertThat(hits).containsExactly("POST /ok host=127.0.0.1:" + port() + " body={}");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
