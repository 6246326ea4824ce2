package dev.rocket.webhook;

import dev.rocket.write.WriteEvent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Hands the outbox rows of a transaction from {@code beforeCommit} to {@code afterCommit} on the same
 * thread, keyed by the identity of the transaction's event list (writes may nest: a listener's
 * after-commit work can write again). Frames of rolled-back transactions are never taken; the stack is
 * bounded, and a dropped frame only delays its rows until the retry task finds them pending.
 */
final class PendingDeliveries {
    private static final int MAX_FRAMES = 8;

    private record Frame(List<WriteEvent> events, List<Delivery> deliveries) {
    }

    private final ThreadLocal<Deque<Frame>> frames = ThreadLocal.withInitial(ArrayDeque::new);

    void put(List<WriteEvent> events, List<Delivery> deliveries) {
        Deque<Frame> stack = frames.get();
        stack.push(new Frame(events, deliveries));
        while (stack.size() > MAX_FRAMES) {
            stack.removeLast();
        }
    }

    List<Delivery> take(List<WriteEvent> events) {
        Deque<Frame> stack = frames.get();
        for (Iterator<Frame> it = stack.iterator(); it.hasNext(); ) {
            Frame f = it.next();
            if (f.events() == events) {
                it.remove();
                if (stack.isEmpty()) {
                    frames.remove();
                }
                return f.deliveries();
            }
        }
        return List.of();
    }
}
