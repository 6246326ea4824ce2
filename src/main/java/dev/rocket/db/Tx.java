package dev.rocket.db;

import dev.rocket.error.ApiException;
import dev.rocket.error.SqlErrors;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/** Transaction boundary helper: one connection, commit on success, rollback on any failure. */
public final class Tx {
    private Tx() {
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    public static <T> T inTransaction(DataSource ds, Work<T> work) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Runs read-only work on one connection in auto-commit mode. */
    public static <T> T read(DataSource ds, Work<T> work) {
        try (Connection c = ds.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    public static RuntimeException translate(SQLException e) {
        ApiException api = SqlErrors.translate(e);
        return api != null ? api : new DatabaseException(e);
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
