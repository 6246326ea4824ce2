package dev.rocket.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.it.support.RocketDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * A write and what must follow its commit in one round trip ({@link Jdbc#queryCommittedThen},
 * {@link Jdbc#commitThen}), on a real PostgreSQL: the write commits in a transaction of its own before the
 * following statement runs, a failed write leaves nothing (and no open transaction) behind.
 */
@ExtendWith(RocketDatabase.class)
class CommitThenIT {
    private final String table = "commit_then_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private Connection c;

    @BeforeEach
    void open() throws SQLException {
        c = RocketDatabase.connect();
        Jdbc.execute(c, "CREATE TABLE " + table + " (k text PRIMARY KEY, txid bigint NOT NULL)");
        Jdbc.execute(c, "CREATE SEQUENCE " + table + "_seq");
    }

    @AfterEach
    void close() throws SQLException {
        try {
            Jdbc.execute(c, "DROP TABLE " + table + "; DROP SEQUENCE " + table + "_seq");
        } finally {
            c.close();
        }
    }

    private String then() {
        return "SELECT nextval('" + table + "_seq'), txid_current()";
    }

    private long sequence() throws SQLException {
        return Jdbc.queryLong(c, SqlFragment.of("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM "
                + table + "_seq"));
    }

    private TransactionState state() throws SQLException {
        return c.unwrap(BaseConnection.class).getTransactionState();
    }

    @Test
    void theWriteCommitsBeforeTheStatementAfterIt() throws SQLException {
        for (int i = 1; i <= 5; i++) { // past the driver's prepare threshold: server-prepared statements too
            List<Map<String, Object>> rows = Jdbc.queryCommittedThen(c, SqlFragment.of("INSERT INTO " + table
                    + " VALUES (?, txid_current()) RETURNING k, txid", "k" + i), then());
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0)).containsEntry("k", "k" + i);
            assertThat(sequence()).isEqualTo(i);
            assertThat(state()).isEqualTo(TransactionState.IDLE);
            assertThat(c.getAutoCommit()).isTrue();
        }
        // each write in its own transaction, committed (seen from another connection)
        try (Connection other = RocketDatabase.connect()) {
            assertThat(Jdbc.queryLong(other, SqlFragment.of("SELECT count(DISTINCT txid) FROM " + table))).isEqualTo(5);
        }
    }

    @Test
    void aFailedWriteLeavesNothingAndNoOpenTransaction() throws SQLException {
        Jdbc.queryCommittedThen(c, SqlFragment.of("INSERT INTO " + table + " VALUES (?, 1) RETURNING k", "dup"), then());
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> Jdbc.queryCommittedThen(c, SqlFragment.of("INSERT INTO " + table
                    + " VALUES (?, 2) RETURNING k", "dup"), then()))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
            assertThat(state()).isEqualTo(TransactionState.IDLE);
            assertThat(sequence()).isEqualTo(1);
        }
        assertThat(Jdbc.queryLong(c, SqlFragment.of("SELECT txid FROM " + table + " WHERE k = 'dup'"))).isEqualTo(1);
        // the connection goes on as before
        Jdbc.queryCommittedThen(c, SqlFragment.of("INSERT INTO " + table + " VALUES (?, 3) RETURNING k", "next"), then());
        assertThat(sequence()).isEqualTo(2);
    }

    @Test
    void aTransactionCommitsBeforeTheStatementAfterIt() throws SQLException {
        c.setAutoCommit(false);
        Jdbc.update(c, SqlFragment.of("INSERT INTO " + table + " VALUES ('a', txid_current())"));
        Jdbc.update(c, SqlFragment.of("INSERT INTO " + table + " VALUES ('b', txid_current())"));
        long writer = Jdbc.queryLong(c, SqlFragment.of("SELECT txid_current()"));
        Jdbc.commitThen(c, "INSERT INTO " + table + " VALUES ('after', txid_current())");
        assertThat(state()).isEqualTo(TransactionState.IDLE);
        c.setAutoCommit(true);
        assertThat(Jdbc.queryLong(c, SqlFragment.of("SELECT count(*) FROM " + table + " WHERE txid = ?", writer)))
                .isEqualTo(2);
        assertThat(Jdbc.queryLong(c, SqlFragment.of("SELECT txid FROM " + table + " WHERE k = 'after'")))
                .isGreaterThan(writer);
        // nothing sent yet in the transaction: the statement still runs
        c.setAutoCommit(false);
        Jdbc.commitThen(c, then());
        c.setAutoCommit(true);
        assertThat(sequence()).isEqualTo(1);
    }
}
