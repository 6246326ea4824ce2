package dev.rocket.write;

import dev.rocket.metadata.Registry;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Extension point of the write pipeline (webhooks, workflow triggers …). Every callback gets the
 * {@link WriteUnit} of one attempt of the transaction; state a listener needs after commit goes into the unit
 * ({@link WriteUnit#attachment}), never into the listener, which is shared by every request.
 * {@link #beforeCommit} runs inside the transaction, after every write, rule and audit row: it may write (an
 * outbox) or veto by throwing. {@link #afterCommit} runs once, with the unit of the attempt that committed; its
 * failures never change the response. {@link #afterTransaction} always runs last, for every attempt's unit.
 */
public interface WriteListener {
    /**
     * Whether this listener may act on a write of the entity (in or after its transaction). A create of an entity no
     * listener acts on, and with nothing else to do in its transaction, is written as one auto-commit statement
     * (then {@link #beforeCommit} is not called; {@link #afterCommit} and {@link #afterTransaction} are).
     */
    default boolean actsOn(Registry registry, String entity) {
        return true;
    }

    default void beforeCommit(Connection c, WriteUnit unit) throws SQLException {
    }

    default void afterCommit(WriteUnit unit) {
    }

    /**
     * Called once the transaction is over, after {@link #afterCommit}, for each attempt in the order they ran:
     * {@code committed} is true only for the attempt that committed.
     * The transaction's connection is back in the pool, so work here may take a connection of its own (no
     * request ever holds two).
     */
    default void afterTransaction(WriteUnit unit, boolean committed) {
    }
}
