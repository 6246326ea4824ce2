package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.assertError;
import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static dev.rocket.it.support.AppClient.entityDef;
import static dev.rocket.it.support.AppClient.field;
import static dev.rocket.it.support.AppClient.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.rocket.it.support.AppClient;
import dev.rocket.it.support.Http;
import dev.rocket.it.support.RocketItBase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Synchronous {@code before_write} webhooks hold a pooled connection while they run: they are limited per app
 * (half the app pool, 5 of 10 by default) and bounded by a deadline (5 s) below the pool's 10 s wait, so slow endpoints cannot
 * starve the app's other requests; a write that gets no slot fails fast with 503 and writes nothing.
 */
class SyncWebhooksIT extends RocketItBase {
    private static final int WRITES = 10;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private HttpServer receiver;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    private final CountDownLatch endpointAnswers = new CountDownLatch(1);
    private ExecutorService clients;

    @BeforeEach
    void start() throws IOException {
        clients = Executors.newFixedThreadPool(WRITES);
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.setExecutor(Executors.newCachedThreadPool());
        receiver.createContext("/", ex -> {
            mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                ex.getRequestBody().readAllBytes();
                if (ex.getRequestURI().getPath().equals("/hang")) {
                    Thread.sleep(10_000);
                } else {
                    endpointAnswers.await(20, TimeUnit.SECONDS);
                }
                ex.sendResponseHeaders(204, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException gone) {
                // the caller gave up
            } finally {
                inFlight.decrementAndGet();
                ex.close();
            }
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        endpointAnswers.countDown();
        clients.shutdownNow();
        receiver.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private HttpResponse<String> create(AppClient a, String entity, Object body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(http.uri(a.path(entity))).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + a.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Http.write(body))).build();
        return CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void slowSyncHooksLeaveConnectionsForTheAppsOtherRequestsAndExtraWritesGet503() throws Exception {
        String app = newApp();
        AppClient a = new AppClient(http, app, appAdminToken(app));
        a.entity(entityDef("orders", "int", false, field("title", "string")));
        a.entity(entityDef("notes", "int", false, field("text", "string")));
        assertStatus(a.post("_admin/webhooks", map("entity", "orders", "hook", "before_write", "async", false,
                "url", url("/slow"))), 201);

        List<Future<HttpResponse<String>>> writes = new ArrayList<>();
        for (int i = 0; i < WRITES; i++) {
            int n = i;
            writes.add(clients.submit(() -> create(a, "orders", map("title", "order " + n))));
        }
        // the endpoint holds every call it gets; wait until the app's slots are all taken
        for (int i = 0; i < 200 && inFlight.get() < 5; i++) {
            Thread.sleep(50);
        }
        assertThat(inFlight.get()).as("sync calls in flight").isEqualTo(5);

        // while they hang: the app still reads and writes (without a sync hook)
        assertStatus(a.get("orders"), 200);
        assertStatus(a.post("notes", map("text", "still writable")), 201);
        assertThat(inFlight.get()).as("the slow calls are still in flight").isEqualTo(5);
        endpointAnswers.countDown();

        int created = 0;
        int refused = 0;
        int vetoed = 0;
        for (Future<HttpResponse<String>> f : writes) {
            HttpResponse<String> r = f.get(60, TimeUnit.SECONDS);
            if (r.statusCode() == 503) {
                refused++;
                JsonNode error = Http.JSON.readTree(r.body()).path("error");
                assertThat(error.path("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
                // the default sync deadline: the longest a slot stays taken
                assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
            } else if (r.statusCode() == 422) {
                // a slow machine: the held call reached the 5 s sync deadline before the endpoint was let go
                assertThat(r.body()).contains("failed: timeout");
                vetoed++;
            } else {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                created++;
            }
        }
        assertThat(refused).as("writes refused for want of a sync slot").isPositive();
        assertThat(created + vetoed + refused).isEqualTo(WRITES);
        assertThat(mostInFlight.get()).as("most sync calls of the app at once").isEqualTo(5);
        // a refused write wrote nothing
        assertThat(a.count("orders")).isEqualTo(created);
    }

    @Test
    void aSyncHookSlowerThanTheSyncDeadlineVetoesTheWriteWithATimeout() throws Exception {
        String app = newApp();
        AppClient a = new AppClient(http, app, appAdminToken(app));
        a.entity(entityDef("orders", "int", false, field("title", "string")));
        String hook = assertStatus(a.post("_admin/webhooks", map("entity", "orders", "hook", "before_write",
                "async", false, "url", url("/hang"))), 201).data().path("id").asText();

        // the endpoint would answer 204 after 10 s: the write is vetoed at the default 5 s sync deadline instead
        Http.Res r = a.post("orders", map("title", "late"));
        assertError(r, 422, "VALIDATION_FAILED");
        assertThat(r.json().path("error").path("details").get(0).path("message").asText())
                .isEqualTo("webhook " + hook + " failed: timeout");
        assertThat(a.count("orders")).isZero();
        JsonNode log = a.get("_admin/webhook-logs?webhook_id=" + hook).data().get(0);
        assertThat(log.path("status").asText()).isEqualTo("failed");
        assertThat(log.path("error").asText()).isEqualTo("timeout");
    }
}
