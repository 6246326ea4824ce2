package dev.rocket.tenancy;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Which apps have background work, kept in the management database ({@code _apps.next_work_at},
 * {@code _apps.in_use_until}) so that scheduled tasks visit only those apps, on whichever node they run,
 * instead of opening every app's pool. An app is visited while work may be due (as last computed from its
 * own tables) and while any node served its requests recently (requests create work; the lease also covers
 * a node that crashed before the work was indexed). Each visit computes the app's next due time again.
 */
final class WorkIndex {
    /**
     * The earliest time any background work of an app may be due, from its own tables: deliveries to retry,
     * deliveries still pending (a crash can leave them: retried once they are old enough), approval
     * deadlines, and state-machine calls and workflow starts and calls left in their outboxes. NULL when there is
     * none.
     */
    static final String NEXT_WORK_SQL = "SELECT LEAST("
            + "(SELECT MIN(next_retry_at) FROM _webhook_logs WHERE status = 'retrying'), "
            + "(SELECT MIN(updated_at) FROM _webhook_logs WHERE status = 'pending'), "
            + "(SELECT MIN(current_step_deadline) FROM _workflow_instances WHERE status = 'running'), "
            + "(SELECT MIN(due_at) FROM _transition_outbox), "
            + "(SELECT MIN(due_at) FROM _workflow_outbox)) AS next_work_at";

    private final DataSource management;

    WorkIndex(DataSource management) {
        this.management = management;
    }

    /** Active apps to visit now: work may be due, or they served requests within their lease. */
    List<String> due() {
        return names("next_work_at <= NOW() OR in_use_until > NOW()");
    }

    /** Active apps that served requests within their lease (their tables may have changed). */
    List<String> inUse() {
        return names("in_use_until > NOW()");
    }

    private List<String> names(String condition) {
        List<Map<String, Object>> rows = Tx.autoCommit(management, c -> Jdbc.query(c, SqlFragment.of(
                "SELECT name FROM _apps WHERE status = 'active' AND (" + condition + ") ORDER BY name")));
        return rows.stream().map(r -> (String) r.get("name")).toList();
    }

    /** The app serves requests on this node: visit it for at least {@code leaseSeconds} from now. */
    void inUse(String app, long leaseSeconds) {
        Tx.inTransaction(management, c -> Jdbc.update(c, SqlFragment.of("UPDATE _apps SET in_use_until = "
                + "GREATEST(in_use_until, NOW() + make_interval(secs => ?)) WHERE name = ?", (double) leaseSeconds, app)));
    }

    /** Computes the app's next due time on {@code appDb} (a connection to its database) and records it. */
    void reschedule(String app, DataSource appDb) {
        OffsetDateTime next = Tx.autoCommit(appDb, WorkIndex::nextWorkAt);
        Tx.inTransaction(management, c -> Jdbc.update(c, SqlFragment.of(
                "UPDATE _apps SET next_work_at = ? WHERE name = ?", next, app)));
    }

    private static OffsetDateTime nextWorkAt(Connection c) throws SQLException {
        try (var ps = Jdbc.prepare(c, SqlFragment.of(NEXT_WORK_SQL)); var rs = ps.executeQuery()) {
            return rs.next() ? rs.getObject(1, OffsetDateTime.class) : null;
        }
    }
}
