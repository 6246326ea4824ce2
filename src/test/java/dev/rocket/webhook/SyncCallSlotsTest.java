package dev.rocket.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Synchronous calls per app are bounded; a call without a slot fails fast with 503 and Retry-After. */
class SyncCallSlotsTest {
    private final CountDownLatch hung = new CountDownLatch(1);
    private final ExecutorService requests = Executors.newCachedThreadPool();

    @AfterEach
    void release() throws InterruptedException {
        hung.countDown();
        requests.shutdown();
        requests.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aCallBeyondTheAppsSlotsIsRefusedWhileOtherAppsKeepCalling() throws InterruptedException {
        SyncCallSlots slots = new SyncCallSlots(2, 5);
        CountDownLatch inFlight = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            requests.submit(() -> slots.call("app-a", () -> {
                inFlight.countDown();
                return await(hung);
            }));
        }
        assertThat(inFlight.await(5, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> slots.call("app-a", () -> "never called"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
                    assertThat(e.headers()).containsEntry("Retry-After", "5");
                });
        assertThat(slots.call("app-b", () -> "sent")).isEqualTo("sent");
    }

    @Test
    void aSlotIsFreedWhenItsCallEndsEvenByFailure() {
        SyncCallSlots slots = new SyncCallSlots(1, 5);
        assertThatThrownBy(() -> slots.call("app-a", () -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(slots.call("app-a", () -> "again")).isEqualTo("again");
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
