package dev.rocket.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocket.write.WriteEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What a transaction's webhooks leave for after it: outbox rows and sync-call log rows, per transaction. */
class PendingDeliveriesTest {
    private static final WebhookDef HOOK = new WebhookDef("3f0c7c1e-0000-4000-8000-000000000001", "order",
            "after_write", "http://127.0.0.1/x", "POST", Map.of(), "", null, true, 3, "exponential", true);

    private static Delivery one() {
        return new Delivery(UUID.randomUUID(), HOOK, Map.of(), Map.of(), "wh_x");
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
        Delivery d = one();
        p.frame(a).outbox.add(d);
        assertThat(p.outbox(b)).isEmpty();
        assertThat(p.outbox(a)).containsExactly(d);
        assertThat(p.finish(a).outbox).containsExactly(d);
        assertThat(p.outbox(a)).isEmpty();
        assertThat(p.finish(a)).isNull();
    }

    @Test
    void nestedWritesKeepTheirOwnFrames() {
        PendingDeliveries p = new PendingDeliveries();
        List<WriteEvent> outer = events();
        List<WriteEvent> inner = events();
        Delivery dOuter = one();
        Delivery dInner = one();
        p.frame(outer).outbox.add(dOuter);
        p.frame(inner).syncLogs.add(new PendingDeliveries.SyncLog(dInner, null, "boom"));
        PendingDeliveries.Frame fi = p.finish(inner);
        assertThat(fi.syncLogs).extracting(PendingDeliveries.SyncLog::delivery).containsExactly(dInner);
        assertThat(fi.outbox).isEmpty();
        assertThat(p.outbox(outer)).containsExactly(dOuter);
    }

    @Test
    void rolledBackFramesAreDroppedByFinish() {
        PendingDeliveries p = new PendingDeliveries();
        List<WriteEvent> rolledBack = events();
        p.frame(rolledBack).outbox.add(one());
        p.finish(rolledBack);
        assertThat(p.outbox(rolledBack)).isEmpty();
    }

    @Test
    void framesBelongToTheirThread() throws Exception {
        PendingDeliveries p = new PendingDeliveries();
        List<WriteEvent> a = events();
        p.frame(a).outbox.add(one());
        AtomicReference<List<Delivery>> seen = new AtomicReference<>();
        Thread t = new Thread(() -> seen.set(p.outbox(a)));
        t.start();
        t.join();
        assertThat(seen.get()).isEmpty();
        assertThat(p.outbox(a)).hasSize(1);
    }
}
