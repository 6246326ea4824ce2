package dev.rocket.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Webhook senders shared fairly: one app's hung endpoint cannot hold back another app's deliveries. */
class SenderLanesTest {
    private final CountDownLatch hungEndpoint = new CountDownLatch(1);
    private final AtomicInteger runningOfA = new AtomicInteger();
    private final AtomicInteger mostRunningOfA = new AtomicInteger();
    private SenderLanes lanes;

    @AfterEach
    void release() {
        hungEndpoint.countDown();
        lanes.close();
    }

    /** A delivery of app A to an endpoint that never answers (until the test ends). */
    private Runnable hangingDeliveryOfA() {
        return () -> {
            mostRunningOfA.accumulateAndGet(runningOfA.incrementAndGet(), Math::max);
            try {
                hungEndpoint.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                runningOfA.decrementAndGet();
            }
        };
    }

    @Test
    void anotherAppsDeliveryIsSentWhileOneAppsEndpointHangs() throws InterruptedException {
        lanes = new SenderLanes(4, 2, 100);
        for (int i = 0; i < 50; i++) {
            assertThat(lanes.offer("app-a", hangingDeliveryOfA())).isTrue();
        }
        CountDownLatch sentForB = new CountDownLatch(3);
        for (int i = 0; i < 3; i++) {
            assertThat(lanes.offer("app-b", sentForB::countDown)).isTrue();
        }
        assertThat(sentForB.await(10, TimeUnit.SECONDS)).as("app B's deliveries sent while A hangs").isTrue();
        waitUntilRunning(2);
        assertThat(mostRunningOfA).hasValue(2); // A never held more than its share of the four senders
    }

    @Test
    void aFullLaneRefusesOnlyThatAppsDeliveries() throws InterruptedException {
        lanes = new SenderLanes(2, 1, 3);
        assertThat(lanes.offer("app-a", hangingDeliveryOfA())).isTrue(); // taken by a sender
        waitUntilRunning(1);
        for (int i = 0; i < 3; i++) {
            assertThat(lanes.offer("app-a", hangingDeliveryOfA())).isTrue(); // waiting in A's lane
        }
        assertThat(lanes.offer("app-a", hangingDeliveryOfA())).as("A's lane is full").isFalse();
        CountDownLatch sentForB = new CountDownLatch(1);
        assertThat(lanes.offer("app-b", sentForB::countDown)).isTrue();
        assertThat(sentForB.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void anAppsWaitingDeliveriesRunOnceItsEarlierOnesFinish() throws InterruptedException {
        lanes = new SenderLanes(3, 1, 10);
        CountDownLatch all = new CountDownLatch(5);
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        for (int i = 0; i < 5; i++) {
            lanes.offer("app-a", () -> {
                most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                concurrent.decrementAndGet();
                all.countDown();
            });
        }
        assertThat(all.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(most).hasValue(1);
    }

    @Test
    void closedLanesTakeNothing() {
        lanes = new SenderLanes(1, 1, 1);
        lanes.close();
        assertThat(lanes.offer("app-a", () -> { })).isFalse();
    }

    private void waitUntilRunning(int n) throws InterruptedException {
        for (int i = 0; i < 1_000 && runningOfA.get() < n; i++) {
            Thread.sleep(10);
        }
        assertThat(runningOfA).hasValue(n);
    }
}
