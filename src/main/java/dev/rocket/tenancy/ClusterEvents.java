package dev.rocket.tenancy;

import dev.rocket.db.Databases;
import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import java.util.UUID;

/**
 * The changes every node must hear about, sent with {@code pg_notify} on the management database and received by
 * the node's {@link ChangeListener}: {@code rocket_metadata} (payload {@code app|node}) reloads that app's
 * registry, {@code rocket_users} ({@code app|user}) drops a cached user status, {@code rocket_apps}
 * ({@code app}, sent by {@link AppService}) evicts a deleted app.
 */
public final class ClusterEvents {
    static final String METADATA_CHANNEL = "rocket_metadata";
    static final String USERS_CHANNEL = "rocket_users";

    private final Databases databases;
    private final String nodeId = UUID.randomUUID().toString();

    public ClusterEvents(Databases databases) {
        this.databases = databases;
    }

    /** Starts this node's listener, which applies the changes of every node to {@code apps}. */
    public ChangeListener listen(AppDirectory apps) {
        ChangeListener listener = new ChangeListener(databases)
                .on(AppService.APPS_CHANNEL, apps::evict)
                .on(METADATA_CHANNEL, payload -> metadataChangedElsewhere(apps, payload))
                .on(USERS_CHANNEL, payload -> userChangedElsewhere(apps, payload))
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

    /** A user of an app was changed or deleted: forget its cached status here and on every other node. */
    public void userChanged(AppContext app, String userId) {
        app.activeUsers().invalidate(userId);
        notify(USERS_CHANNEL, app.name() + "|" + userId);
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

    private static void userChangedElsewhere(AppDirectory apps, String payload) {
        int bar = payload.indexOf('|');
        if (bar < 0) {
            return;
        }
        String app = payload.substring(0, bar);
        for (AppContext ctx : apps.loaded()) {
            if (ctx.name().equals(app)) {
                ctx.activeUsers().invalidate(payload.substring(bar + 1));
            }
        }
    }
}
