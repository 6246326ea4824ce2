package dev.rocket.tenancy;

import dev.rocket.db.Databases;
import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The changes every node must hear about, sent with {@code pg_notify} on the management database and received by
 * the node's {@link ChangeListener}: {@code rocket_metadata} (payload {@code app|node}) reloads that app's
 * registry, {@code rocket_users} ({@code app|user|change}) drops a cached user status and is acknowledged on
 * {@code rocket_users_ack} ({@code change|node}), {@code rocket_apps} ({@code app}, sent by {@link AppService})
 * evicts a deleted app.
 */
public final class ClusterEvents {
    private static final Logger LOG = Logger.getLogger(ClusterEvents.class.getName());
    static final String METADATA_CHANNEL = "rocket_metadata";
    static final String USERS_CHANNEL = "rocket_users";
    static final String USERS_ACK_CHANNEL = "rocket_users_ack";
    /** How long a user change waits for every listening node to drop the user's cached status. */
    private static final long ACK_WAIT_MILLIS = 3000;

    private final Databases databases;
    private final String nodeId = UUID.randomUUID().toString();
    /** User changes sent by this node and not yet acknowledged by every node: the nodes that did. */
    private final Map<String, Set<String>> awaiting = new ConcurrentHashMap<>();

    public ClusterEvents(Databases databases) {
        this.databases = databases;
    }

    /** Starts this node's listener, which applies the changes of every node to {@code apps}. */
    public ChangeListener listen(AppDirectory apps) {
        ChangeListener listener = new ChangeListener(databases)
                .on(AppService.APPS_CHANNEL, apps::evict)
                .on(METADATA_CHANNEL, payload -> metadataChangedElsewhere(apps, payload))
                .on(USERS_CHANNEL, payload -> userChangedElsewhere(apps, payload))
                .on(USERS_ACK_CHANNEL, this::acknowledged)
                .onResync(apps::resync);
        listener.start();
        return listener;
    }

    /** After a committed metadata change on this node: tell the other nodes, then reload here. */
    public void metadataChanged(AppContext app) {
        // the other nodes first: they reload while this node does (the change is committed already)
        notify(METADATA_CHANNEL, app.name() + "|" + nodeId);
        app.reload();
    }

    /**
     * A user of an app was changed or deleted: forget its cached status here and on every other node, and return
     * once every node that listens has done so (each acknowledges the change), so that a deactivated user's token
     * is refused everywhere as soon as the change is answered. A node that does not answer within 3 s (stopping,
     * stalled) keeps the status it had cached for at most its 30 s lifetime.
     */
    public void userChanged(AppContext app, String userId) {
        app.activeUsers().invalidate(userId);
        String change = UUID.randomUUID().toString();
        Set<String> acked = new HashSet<>(); // guarded by itself
        awaiting.put(change, acked);
        try {
            notify(USERS_CHANNEL, app.name() + "|" + userId + "|" + change);
            long listening = listeningNodes();
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ACK_WAIT_MILLIS);
            synchronized (acked) {
                while (acked.size() < listening) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0) {
                        LOG.warning("User change " + app.name() + "/" + userId + ": " + acked.size() + " of "
                                + listening + " nodes acknowledged within " + ACK_WAIT_MILLIS + " ms");
                        break;
                    }
                    acked.wait(left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            awaiting.remove(change);
        }
    }

    /** The nodes listening for changes now (this one included): their listening connections to the management database. */
    private long listeningNodes() {
        Object n = Tx.autoCommit(databases.management(), c -> Jdbc.queryOne(c, SqlFragment.of(
                "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = ?",
                ChangeListener.APPLICATION_NAME))).get("n");
        return ((Number) n).longValue();
    }

    /** A node dropped the user of a change this node sent ({@code change|node}). */
    private void acknowledged(String payload) {
        int bar = payload.indexOf('|');
        Set<String> acked = bar < 0 ? null : awaiting.get(payload.substring(0, bar));
        if (acked != null) {
            synchronized (acked) {
                acked.add(payload.substring(bar + 1));
                acked.notifyAll();
            }
        }
    }

    private void notify(String channel, String payload) {
        Tx.autoCommit(databases.management(), c -> Jdbc.query(c,
                SqlFragment.of("SELECT pg_notify(?, ?)", channel, payload)));
    }

    /**
     * A NOTIFY from any node: reload that app if it is loaded here (our own notifications are skipped) — at once
     * if its pool is open (it serves requests), else on its next use, so that a notification never opens a pool.
     */
    private void metadataChangedElsewhere(AppDirectory apps, String payload) {
        int bar = payload.lastIndexOf('|');
        String app = bar < 0 ? payload : payload.substring(0, bar);
        if (bar >= 0 && payload.substring(bar + 1).equals(nodeId)) {
            return;
        }
        for (AppContext ctx : apps.loaded()) {
            if (ctx.name().equals(app)) {
                if (ctx.isOpen()) {
                    ctx.reload();
                } else {
                    ctx.invalidate();
                }
            }
        }
    }

    /** {@code app|user|change} from any node (this one included): drop the user's status, then acknowledge. */
    private void userChangedElsewhere(AppDirectory apps, String payload) {
        String[] parts = payload.split("\\|", 3);
        if (parts.length < 2) {
            return;
        }
        for (AppContext ctx : apps.loaded()) {
            if (ctx.name().equals(parts[0])) {
                ctx.activeUsers().invalidate(parts[1]);
            }
        }
        if (parts.length == 3) {
            notify(USERS_ACK_CHANNEL, parts[2] + "|" + nodeId);
        }
    }
}
