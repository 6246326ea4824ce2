package dev.rocket.write;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Collects one audit entry per record written during a transaction and writes them all, in the same
 * transaction, with one multi-row INSERT just before COMMIT (docs/writes.md#audit-log).
 */
public final class AuditLog {
    private static final int BATCH = 500;
    private final String userId;
    private final List<Object[]> entries = new ArrayList<>();
    private final List<WriteEvent> events = new ArrayList<>();

    public AuditLog(String userId) {
        this.userId = userId;
    }

    public void created(String entity, Object id, Map<String, Object> row) {
        events.add(new WriteEvent(entity, "create", id, row, null));
        entries.add(new Object[] {entity, String.valueOf(id), "create", diff(null, row)});
    }

    public void updated(String entity, Object id, Map<String, Object> before, Map<String, Object> after) {
        events.add(new WriteEvent(entity, "update", id, after, before));
        entries.add(new Object[] {entity, String.valueOf(id), "update", diff(before, after)});
    }

    public void deleted(String entity, Object id, Map<String, Object> before) {
        events.add(new WriteEvent(entity, "delete", id, null, before));
        entries.add(new Object[] {entity, String.valueOf(id), "delete", diff(before, null)});
    }

    /**
     * A transition action to perform after commit (webhook): attached to the latest event of that record,
     * so after-commit listeners find it there with the record as written.
     */
    public void attachTransitionAction(String entity, Object id, Map<String, Object> action) {
        String key = String.valueOf(id);
        for (int i = events.size() - 1; i >= 0; i--) {
            WriteEvent e = events.get(i);
            if (e.entity().equals(entity) && String.valueOf(e.id()).equals(key) && e.row() != null) {
                List<Map<String, Object>> actions = new ArrayList<>(e.transitionActions());
                actions.add(action);
                events.set(i, new WriteEvent(e.entity(), e.action(), e.id(), e.row(), e.before(), actions));
                return;
            }
        }
    }

    /** A transition action with no consumer (send_event), kept as an audit entry. */
    public void event(String entity, Object id, String type, Map<String, Object> details) {
        entries.add(new Object[] {entity, String.valueOf(id), type, details});
    }

    /** {@code {field: {old, new}}} for the fields whose value differs; deleted_at is bookkeeping, not data. */
    static Map<String, Object> diff(Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> changes = new LinkedHashMap<>();
        Map<String, Object> keys = new LinkedHashMap<>();
        if (before != null) {
            keys.putAll(before);
        }
        if (after != null) {
            keys.putAll(after);
        }
        for (String k : keys.keySet()) {
            if (k.equals("deleted_at")) {
                continue;
            }
            Object o = before == null ? null : before.get(k);
            Object n = after == null ? null : after.get(k);
            if (before != null && after != null && Objects.equals(o, n)) {
                continue;
            }
            if (o == null && n == null) {
                continue;
            }
            Map<String, Object> ch = new LinkedHashMap<>();
            ch.put("old", o);
            ch.put("new", n);
            changes.put(k, ch);
        }
        return changes;
    }

    /** Every record written so far, in write order. */
    public List<WriteEvent> events() {
        return List.copyOf(events);
    }

    public void flush(Connection c) throws SQLException {
        for (int from = 0; from < entries.size(); from += BATCH) {
            List<Object[]> part = entries.subList(from, Math.min(entries.size(), from + BATCH));
            SqlFragment.Builder b = SqlFragment.builder()
                    .sql("INSERT INTO _audit_log (entity, record_id, action, changes, user_id) VALUES ");
            for (int i = 0; i < part.size(); i++) {
                Object[] e = part.get(i);
                b.sql(i == 0 ? "(" : ", (").bind(e[0]).sql(", ").bind(e[1]).sql(", ").bind(e[2]).sql(", ")
                        .bind(new Jdbc.JsonValue(e[3])).sql(", ").bind(userId).sql(")");
            }
            Jdbc.update(c, b.build());
        }
        entries.clear();
    }
}
