package dev.rocket.tenancy;

import dev.rocket.db.Databases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Keeps nodes in agreement through PostgreSQL: one connection to the management database LISTENs on
 * the channels registered here ({@code rocket_apps}: an app was deleted; {@code rocket_metadata}: reload an
 * app's registry; {@code rocket_users}: forget a user's cached status) and hands each payload to its handler as
 * soon as it arrives (PostgreSQL pushes it at the sender's commit; nothing is polled). Reconnects after failures:
 * the notifications sent while it was not listening are lost, so once it listens again it runs the
 * {@link #onResync resync} handler, which must bring this node up to date without them.
 */
public final class ChangeListener implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ChangeListener.class.getName());
    /** The {@code application_name} of every node's listening connection. */
    static final String APPLICATION_NAME = "rocket-change-listener";

    private final Databases databases;
    private final Map<String, Consumer<String>> handlers = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile Runnable resync = () -> { };
    private volatile boolean running = true;

    public ChangeListener(Databases databases) {
        this.databases = databases;
        this.thread = new Thread(this::loop, "rocket-change-listener");
        this.thread.setDaemon(true);
    }

    public ChangeListener on(String channel, Consumer<String> handler) {
        handlers.put(channel, handler);
        return this;
    }

    /** What to do after a reconnection, once listening again (the notifications missed meanwhile are lost). */
    public ChangeListener onResync(Runnable handler) {
        this.resync = handler;
        return this;
    }

    public void start() {
        thread.start();
    }

    private void loop() {
        boolean listenedBefore = false;
        while (running) {
            try (Connection c = databases.management().getConnection()) {
                c.setAutoCommit(true);
                try (Statement st = c.createStatement()) {
                    // how a node counts the listening nodes (ClusterEvents#userChanged)
                    st.execute("SET application_name = '" + APPLICATION_NAME + "'");
                    for (String channel : handlers.keySet()) {
                        st.execute("LISTEN " + channel);
                    }
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                if (listenedBefore) {
                    LOG.info("Change listener listening again: reloading what may have changed meanwhile");
                    try {
                        resync.run();
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "Resynchronising after a reconnection failed", e);
                    }
                }
                listenedBefore = true;
                while (running) {
                    PGNotification[] notes = pg.getNotifications(500);
                    if (notes == null) {
                        continue;
                    }
                    for (PGNotification n : notes) {
                        Consumer<String> h = handlers.get(n.getName());
                        if (h != null) {
                            try {
                                h.accept(n.getParameter());
                            } catch (RuntimeException e) {
                                LOG.log(Level.WARNING, "Handling " + n.getName() + " " + n.getParameter() + " failed", e);
                            }
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.log(Level.WARNING, "Change listener lost its connection; retrying in 2 s", e);
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
