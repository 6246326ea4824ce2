package dev.rocket.webhook;

import java.util.ArrayList;
import java.util.List;

/**
 * What one attempt of a write transaction leaves for the webhooks after it, kept in its
 * {@link dev.rocket.write.WriteUnit}: outbox rows (webhook deliveries and state-machine transition calls) to send
 * once committed, and the log rows of synchronous calls, written once the transaction's connection is released (so
 * they survive a rollback, docs/webhooks.md#synchronous-hooks-before_write-before_delete, and no request ever holds two connections).
 */
final class PendingDeliveries {

    /** One synchronous call to log: its delivery, the transport result (null if not sent) and an error. */
    record SyncLog(Delivery delivery, WebhookTransport.Result result, String error) {
    }

    final List<Delivery> outbox = new ArrayList<>();
    final List<TransitionOutbox.Call> transitions = new ArrayList<>();
    final List<SyncLog> syncLogs = new ArrayList<>();
}
