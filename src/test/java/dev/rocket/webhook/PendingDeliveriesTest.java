package dev.rocket.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocket.write.WriteEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The hand-over of outbox rows from beforeCommit to afterCommit of the same transaction. */
class PendingDeliveriesTest {
    private static final WebhookDef HOOK = new WebhookDef("3f0c7c1e-0000-4000-8000-000000000001", "order",
            "after_write", "http://127.0.0.1/x", "POST", Map.of(), "", null, true, 3, "exponential", true);

    private static List<Delivery> one() {
        return List.of(new Delivery(UUID.randomUUID(), HOOK, Map.of(), Map.of(), "wh_x"));
    }

    private static List<WriteEvent> events() {
        List<WriteEvent> l = new ArrayList<>();
        l.add(new WriteEvent("order", "create", 1, Map.of("id", 1), null));
        return l;
    }

    @Test
    void framesAreMatchedByIdentityNotEquality() {
        PendingDeliveries p = new PendingDeliveries();
        List<WriteEvent> a = events();
        List<WriteEvent> b = events(); // equal content, another transaction
        List<Delivery> da = one();
        p.put(a, da);
        assertThat(p.take(b)).isEmpty();
        assertThat(p.take(a)).isSameAs(da);
        assertThat(p.take(a)).isEmpty();
    }

    @Test
    void nestedWritesTakeTheirOwnFrames() {
        PendingDeliveries p = new PendingDeliveries();
        List<WriteEvent> outer = events();
        List<WriteEvent> inner = events();
        List<Delivery> dOuter = one();
        List<Delivery> dInner = one();
        p.put(outer, dOuter);
        p.put(inner, dInner);
        assertThat(p.take(inner)).isSameAs(dInner);
        assertThat(p.take(outer)).isSameAs(dOuter);
    }

    @Test
    void rolledBackFramesAreDroppedOnceTheStackIsFull() {
        PendingDeliveries p = new PendingDeliveries();
        List<WriteEvent> rolledBack = events();
        p.put(rolledBack, one());
        for (int i = 0; i < 8; i++) {
            p.put(events(), one());
        }
        assertThat(p.take(rolledBack)).isEmpty();
    }

    @Test
    void framesBelongToTheirThread() throws Exception {
        PendingDeliveries p = new PendingDeliveries();
        List<WriteEvent> a = events();
        p.put(a, one());
        AtomicReference<List<Delivery>> seen = new AtomicReference<>();
        Thread t = new Thread(() -> seen.set(p.take(a)));
        t.start();
        t.join();
        assertThat(seen.get()).isEmpty();
        assertThat(p.take(a)).hasSize(1);
    }
}
