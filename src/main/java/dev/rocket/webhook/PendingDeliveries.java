package dev.rocket.webhook;

import dev.rocket.write.WriteEvent;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a transaction's webhooks leave for after it: outbox rows (webhook deliveries and state-machine
 * transition calls) to send once committed, and the log rows
 * of synchronous calls, written once the transaction's connection is released (so they survive a
 * rollback, G-52, and no request ever holds two connections). Kept per thread, keyed by the identity of
 * the transaction's event list (writes may nest); every frame is dropped in {@code afterTransaction}.
 */
final class PendingDeliveries {

    /** One synchronous call to log: its delivery, the transport result (null if not sent) and an error. */
    record SyncLog(Delivery delivery, WebhookTransport.Result result, String error) {
    }

    static final class Frame {
        final List<Delivery> outbox = new ArrayList<>();
        final List<TransitionOutbox.Call> transitions = new ArrayList<>();
        final List<SyncLog> syncLogs = new ArrayList<>();
    }

    private final ThreadLocal<Map<List<WriteEvent>, Frame>> frames = ThreadLocal.withInitial(IdentityHashMap::new);

    Frame frame(List<WriteEvent> events) {
        return frames.get().computeIfAbsent(events, k -> new Frame());
    }

    /** Removes and returns the frame of a finished transaction (null if it left nothing). */
    Frame finish(List<WriteEvent> events) {
        Map<List<WriteEvent>, Frame> m = frames.get();
        Frame f = m.remove(events);
        if (m.isEmpty()) {
            frames.remove();
        }
        return f;
    }

    /** The outbox of a committed transaction (its frame stays until {@link #finish}). */
    List<Delivery> outbox(List<WriteEvent> events) {
        Frame f = frames.get().get(events);
        return f == null ? List.of() : f.outbox;
    }

    /** The transition calls of a committed transaction (its frame stays until {@link #finish}). */
    List<TransitionOutbox.Call> transitions(List<WriteEvent> events) {
        Frame f = frames.get().get(events);
        return f == null ? List.of() : f.transitions;
    }
}
