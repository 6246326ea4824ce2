package dev.rocket.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher shares its senders fairly: with app A's endpoint hung and A's retries queued first, app B's
 * delivery still goes out at once. (The outcome is then recorded in the app's database, which these stand-in
 * data sources do not have; that part is covered by the integration tests.)
 */
class WebhookDispatcherFairnessTest {
    private static final Logger DISPATCHER_LOG = Logger.getLogger(WebhookDispatcher.class.getName());
    private final CountDownLatch hung = new CountDownLatch(1);
    private final AtomicInteger inFlightToA = new AtomicInteger();
    private final AtomicInteger mostInFlightToA = new AtomicInteger();
    private final CountDownLatch sentToB = new CountDownLatch(1);
    private Level level;
    private WebhookDispatcher dispatcher;

    /** A transport whose endpoint for app A never answers (until the test ends). */
    private final WebhookTransport transport = (request, timeout) -> {
        if (request.url().contains("app-a")) {
            mostInFlightToA.accumulateAndGet(inFlightToA.incrementAndGet(), Math::max);
            try {
                hung.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlightToA.decrementAndGet();
            return new WebhookTransport.Result(null, "", "timeout");
        }
        sentToB.countDown();
        return new WebhookTransport.Result(204, "", null);
    };

    @BeforeEach
    void quietRecordingFailures() {
        level = DISPATCHER_LOG.getLevel();
        DISPATCHER_LOG.setLevel(Level.OFF);
    }

    @AfterEach
    void release() {
        hung.countDown();
        dispatcher.close();
        DISPATCHER_LOG.setLevel(level);
    }

    private static DataSource database(String app) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getConnection" -> throw new SQLException("no database in this test: " + app);
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> app;
                });
    }

    private static WebhookLogs.Due due(String url) {
        return new WebhookLogs.Due(UUID.randomUUID(), url, "POST", Map.of(), Map.of("n", 1), 1, 5, "exponential");
    }

    @Test
    void appBsDeliveryGoesOutWhileAppAsEndpointHangs() throws InterruptedException {
        dispatcher = new WebhookDispatcher(transport, new RetryPolicy(30), new WebhookDispatcher.Limits(4, 2, 5,
                Duration.ofSeconds(5)));
        DataSource appA = database("app-a");
        DataSource appB = database("app-b");
        List<CompletableFuture<Void>> ofA = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ofA.add(dispatcher.retry(appA, due("https://hooks.example/app-a")));
        }
        CompletableFuture<Void> ofB = dispatcher.retry(appB, due("https://hooks.example/app-b"));

        assertThat(sentToB.await(10, TimeUnit.SECONDS)).as("app B's delivery sent while A's endpoint hangs").isTrue();
        for (int i = 0; i < 1_000 && inFlightToA.get() < 2; i++) {
            Thread.sleep(10);
        }
        assertThat(ofA).noneMatch(CompletableFuture::isDone);
        hung.countDown();
        assertThat(ofB).succeedsWithin(Duration.ofSeconds(10));
        assertThat(CompletableFuture.allOf(ofA.toArray(CompletableFuture[]::new))).succeedsWithin(Duration.ofSeconds(20));
        assertThat(mostInFlightToA).as("most senders app A occupied at once").hasValue(2);
    }
}
