package dev.rocket.write;

import dev.rocket.auth.Caller;
import dev.rocket.metadata.Registry;
import dev.rocket.tenancy.AppContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Extension point of the write pipeline (webhooks, workflow triggers …). {@link #beforeCommit} runs
 * inside the transaction, after every write, rule and audit row: it may write (an outbox) or veto by
 * throwing. {@link #afterCommit} runs once the transaction committed; its failures never change the
 * response. {@link #afterTransaction} always runs last.
 */
public interface WriteListener {
    default void beforeCommit(Connection c, AppContext app, Registry registry, Caller caller, List<WriteEvent> events)
            throws SQLException {
    }

    default void afterCommit(AppContext app, Registry registry, Caller caller, List<WriteEvent> events) {
    }

    /**
     * Always called once the transaction is over, committed or rolled back, after {@link #afterCommit};
     * the transaction's connection is back in the pool, so work here may take a connection of its own
     * (no request ever holds two).
     */
    default void afterTransaction(AppContext app, List<WriteEvent> events, boolean committed) {
    }
}
