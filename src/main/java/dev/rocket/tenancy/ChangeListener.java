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
 * app's registry; {@code rocket_users}: forget a user's cached status) and hands each payload to its handler. Reconnects after failures.
 */
public final class ChangeListener implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ChangeListener.class.getName());

    private final Databases databases;
    private final Map<String, Consumer<String>> handlers = new ConcurrentHashMap<>();
    private final Thread thread;
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

    public void start() {
        thread.start();
    }

    private void loop() {
        while (running) {
            try (Connection c = databases.management().getConnection()) {
                c.setAutoCommit(true);
                try (Statement st = c.createStatement()) {
                    for (String channel : handlers.keySet()) {
                        st.execute("LISTEN " + channel);
                    }
                }
                PGConnection pg = c.unwrap(PGConnection.class);
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
