package dev.rocket.db;

import com.zaxxer.hikari.HikariPoolMXBean;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link Pool} that is opened on first use and may be closed whenever no connection is out; callers keep
 * this one DataSource, and their next use simply opens a new pool. {@link Tx} gates on the pool open at the
 * time. {@link #close()} is final: after it, no use opens a pool again (a background task still holding this
 * data source when its app is deleted or Rocket stops would otherwise reopen a pool nobody closes).
 */
public final class LazyPool implements DataSource {
    private final Supplier<Pool> opener;
    private final Runnable afterOpen;
    private final Supplier<RuntimeException> whenClosed;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Pool current;
    private volatile boolean closed;

    /**
     * {@code opener} makes a ready pool; {@code afterOpen} runs once it is in place (on the opening thread);
     * {@code whenClosed} is what a use after {@link #close()} throws.
     */
    public LazyPool(Supplier<Pool> opener, Runnable afterOpen, Supplier<RuntimeException> whenClosed) {
        this.opener = opener;
        this.afterOpen = afterOpen;
        this.whenClosed = whenClosed;
    }

    /** The open pool, opening one if there is none; after {@link #close()}, the exception of {@code whenClosed}. */
    public Pool pool() {
        Pool p = current;
        if (p != null && !p.isClosed()) {
            return p;
        }
        lock.lock();
        try {
            if (closed) {
                throw whenClosed.get();
            }
            p = current;
            if (p == null || p.isClosed()) {
                p = opener.get();
                current = p;
                afterOpen.run();
            }
            return p;
        } finally {
            lock.unlock();
        }
    }

    public boolean isOpen() {
        Pool p = current;
        return p != null && !p.isClosed();
    }

    @Override
    public Connection getConnection() throws SQLException {
        Pool p = pool();
        try {
            return p.getConnection();
        } catch (SQLException e) {
            if (p.isClosed()) {
                return pool().getConnection(); // closed as idle between the two lines above
            }
            throw e;
        }
    }

    /**
     * Closes the pool when no connection is out and nobody waits for one; with {@code onlyIfHolding}, only
     * when it holds at least one (idle) connection, i.e. when closing it gives connections back. Never waits:
     * a pool being opened right now is not idle.
     */
    public boolean closeIfIdle(boolean onlyIfHolding) {
        if (!lock.tryLock()) {
            return false;
        }
        try {
            Pool p = current;
            if (p == null || p.isClosed()) {
                return false;
            }
            HikariPoolMXBean mx = p.getHikariPoolMXBean();
            if (mx != null && (mx.getActiveConnections() > 0 || mx.getThreadsAwaitingConnection() > 0
                    || onlyIfHolding && mx.getTotalConnections() == 0)) {
                return false;
            }
            current = null;
            p.close();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Replaces the open pool's connections as they come back (after DDL changed result types). */
    public void softEvictConnections() {
        Pool p = current;
        HikariPoolMXBean mx = p == null || p.isClosed() ? null : p.getHikariPoolMXBean();
        if (mx != null) {
            mx.softEvictConnections();
        }
    }

    /** Closes the pool now, connections in use included, for good: no later use opens another. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            Pool p = current;
            current = null;
            if (p != null) {
                p.close();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("credentials come from the pool's settings");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // not used
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // the pool's connection timeout applies
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
