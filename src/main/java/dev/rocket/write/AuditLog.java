package dev.rocket.write;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.FieldType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One audit entry per record written during a transaction, in the same transaction (docs/writes.md#audit-log): a
 * created record's entry is written by its own INSERT ({@link #createdInStatement}); the others are collected and
 * written with one multi-row INSERT just before COMMIT ({@link #flush}).
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

    /** A created record whose audit row its INSERT already wrote ({@link #createdInStatement}): the event only. */
    public void createdWritten(String entity, Object id, Map<String, Object> row) {
        events.add(new WriteEvent(entity, "create", id, row, null));
    }

    /**
     * The audit row of a create, written by the INSERT itself: {@code insert} (an {@code INSERT … RETURNING} of
     * {@code e}'s select list, table alias {@code t}) becomes
     * <pre>
     * WITH t AS (insert), a AS (INSERT INTO _audit_log (…) SELECT entity, t.pk::text, 'create', changes, user FROM t)
     * SELECT * FROM t</pre>
     * where {@code changes} is built in SQL with the same content {@link #diff diff(null, row)} gives for the row
     * Java reads back (every non-null column but deleted_at, as {@code {old: null, new: value}}, each value the
     * JSON the API answers for it: timestamps as {@code Jdbc.ISO_UTC} text). One statement, one round trip.
     */
    public SqlFragment createdInStatement(EntityDef e, SqlFragment insert) {
        SqlFragment.Builder b = SqlFragment.builder().sql("WITH t AS (").append(insert)
                .sql("), a AS (INSERT INTO _audit_log (entity, record_id, action, changes, user_id) SELECT ")
                .bind(e.name()).sql(", t.").sql(e.pk().quoted()).sql("::text, 'create', ").sql(changesOfCreate(e))
                .sql(", ").bind(userId).sql(" FROM t) SELECT * FROM t");
        return b.build();
    }

    /** {@code diff(null, row)} of a row of {@code e} in CTE {@code t}, in SQL (see {@link #createdInStatement}). */
    static String changesOfCreate(EntityDef e) {
        StringBuilder sb = new StringBuilder(
                "(SELECT COALESCE(jsonb_object_agg(d.k, jsonb_build_object('old', NULL, 'new', d.v)), '{}') FROM (VALUES ");
        boolean first = true;
        for (FieldDef f : e.fields()) {
            if (f.name().equals("deleted_at")) {
                continue;
            }
            sb.append(first ? "" : ", ").append('(').append(literal(f.name())).append(", ")
                    .append(jsonOf(f, "t." + f.quoted())).append(')');
            first = false;
        }
        if (first) {
            return "'{}'::jsonb";
        }
        return sb.append(") AS d(k, v) WHERE d.v IS NOT NULL AND d.v <> 'null'::jsonb)").toString();
    }

    /**
     * A column's value as the JSON {@code Jdbc.read} makes of it: timestamps as text in {@code Jdbc.ISO_UTC}'s
     * form (microseconds, 'Z', a sign before years beyond 9999), everything else as PostgreSQL's own
     * {@code to_jsonb} (numbers, text, booleans, uuid and date as text, JSON as itself).
     */
    static String jsonOf(FieldDef f, String column) {
        if (f.type() == FieldType.TIMESTAMP) {
            String utc = "(" + column + " AT TIME ZONE 'UTC')";
            // the formatter's year beyond 9999 carries a sign; before year 1 it is the year of era, as in to_char
            return "to_jsonb(CASE WHEN " + utc + " >= '10000-01-01' THEN '+' ELSE '' END || to_char(" + utc
                    + ", 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'))";
        }
        return "to_jsonb(" + column + ")";
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
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
