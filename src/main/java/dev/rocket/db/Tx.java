package dev.rocket.db;

import dev.rocket.error.ApiException;
import dev.rocket.error.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Connection and transaction boundary helper: {@link #inTransaction} (one connection, commit on success, rollback on
 * any failure) and {@link #autoCommit} (one connection, no transaction), both inside the pool's gate.
 */
public final class Tx {
    private Tx() {
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * Runs the work in one transaction. If a concurrent schema change invalidated a prepared statement's
     * cached plan ("cached plan must not change result type"), the driver drops that plan and the whole
     * work is run again (at most twice more) — it was rolled back, so nothing is applied twice. State the work
     * keeps outside the database must therefore be made inside it, once per attempt (see
     * {@code write.WriteUnit}).
     */
    public static <T> T inTransaction(DataSource ds, Work<T> work) {
        return inTransaction(ds, work, (Consumer<Connection>) null);
    }

    /**
     * As {@link #inTransaction(DataSource, Work)}, then, after the commit and on the same connection (in
     * auto-commit mode, still inside the pool's gate), {@code afterCommit}: work that must follow the commit
     * before the caller is answered. It must not throw; the transaction stands whatever it does.
     */
    public static <T> T inTransaction(DataSource ds, Work<T> work, Consumer<Connection> afterCommit) {
        return gated(ds, () -> {
            for (int attempt = 0; ; attempt++) {
                try {
                    return attempt(ds, work, afterCommit, null);
                } catch (RuntimeException e) {
                    if (attempt >= 2 || !stalePlan(e)) {
                        throw e;
                    }
                }
            }
        });
    }

    /**
     * As {@link #inTransaction(DataSource, Work)}, committing with {@code COMMIT; afterCommitSql} in one round trip
     * ({@link Jdbc#commitThen}): the statement runs once the work committed, before the caller is answered. Should
     * it fail, the write is reported as failed although it committed; use it for statements that cannot fail
     * but with the connection (advancing a sequence).
     */
    public static <T> T inTransaction(DataSource ds, Work<T> work, String afterCommitSql) {
        return gated(ds, () -> {
            for (int attempt = 0; ; attempt++) {
                try {
                    return attempt(ds, work, null, afterCommitSql);
                } catch (RuntimeException e) {
                    if (attempt >= 2 || !stalePlan(e)) {
                        throw e;
                    }
                }
            }
        });
    }

    /**
     * One attempt: BEGIN, the work, COMMIT (then {@code afterCommit}, or {@code afterCommitSql} in the COMMIT's round
     * trip); ROLLBACK on any failure (of the work or of the COMMIT).
     */
    private static <T> T attempt(DataSource ds, Work<T> work, Consumer<Connection> afterCommit, String afterCommitSql) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                if (afterCommitSql != null) {
                    Jdbc.commitThen(c, afterCommitSql);
                } else {
                    c.commit();
                }
                if (afterCommit != null) {
                    try {
                        c.setAutoCommit(true);
                    } catch (SQLException broken) {
                        // the pool discards the connection; afterCommit sees the failure itself
                    }
                    afterCommit.accept(c);
                }
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                restoreAutoCommit(c);
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /**
     * Runs the work on one connection in auto-commit mode, with no transaction around it: each statement commits on
     * its own. For reads (a list and its includes are then not one snapshot) and for writes of a single statement
     * (a refresh-token rotation, a delivery's outcome, a NOTIFY). After a stale cached plan the work is run again
     * (at most twice more): a statement that failed changed nothing, but the work's earlier statements stay applied,
     * so work of several writing statements belongs in {@link #inTransaction}.
     */
    public static <T> T autoCommit(DataSource ds, Work<T> work) {
        return gated(ds, () -> {
            for (int attempt = 0; ; attempt++) {
                try (Connection c = ds.getConnection()) {
                    return work.run(c);
                } catch (SQLException e) {
                    RuntimeException t = translate(e);
                    if (attempt >= 2 || !stalePlan(t)) {
                        throw t;
                    }
                }
            }
        });
    }

    /**
     * Runs the body inside the pool's gate ({@link Pool}) when the data source is one of Rocket's pools (for a
     * {@link LazyPool}, the pool open at the time).
     */
    private static <T> T gated(DataSource ds, Supplier<T> body) {
        Pool pool;
        if (ds instanceof Pool p) {
            pool = p;
        } else if (ds instanceof LazyPool lazy) {
            pool = lazy.pool();
        } else {
            return body.get();
        }
        boolean entered;
        try {
            entered = pool.enter();
        } catch (SQLException e) {
            throw translate(e);
        }
        try {
            return body.get();
        } finally {
            pool.leave(entered);
        }
    }

    /** A prepared statement planned before an ALTER TABLE that changed its result columns' types. */
    static boolean stalePlan(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "0A000".equals(s.getSQLState())
                    && String.valueOf(s.getMessage()).contains("cached plan must not change result type")) {
                return true;
            }
        }
        return false;
    }

    public static RuntimeException translate(SQLException e) {
        ApiException api = SqlErrors.translate(e);
        return api != null ? api : new DatabaseException(e);
    }

    /** The pool may already have closed a broken connection; that must not hide the original failure. */
    private static void restoreAutoCommit(Connection c) {
        try {
            if (!c.isClosed()) {
                c.setAutoCommit(true);
            }
        } catch (SQLException ignored) {
            // the pool discards the connection
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException r) {
            cause.addSuppressed(r);
        }
    }

    /** An unexpected database failure: answered as 500 with a request id, never with its text. */
    public static final class DatabaseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public DatabaseException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
