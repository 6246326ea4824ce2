package dev.rocket.workflow;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * JDBC on {@code _workflow_outbox}: the workflow work to do after a commit, written in the committing transaction.
 * A start row becomes an instance in the transaction that deletes it, so each row starts at most one instance; a
 * call row (an instance waiting for its webhook action) is claimed before the call and deleted, by its last
 * claimer only, in the transaction that records the outcome.
 */
final class WorkflowOutbox {
    /** How long a row may wait to be taken by the node that wrote it before the retry task takes it over. */
    static final double DUE_AFTER_SECONDS = 60;
    /** A claimed row is not offered again for this long (longer than a call can take). */
    static final double LEASE_SECONDS = 120;

    private WorkflowOutbox() {
    }

    /** A start to make: the workflow and the instance's context. */
    record Start(UUID id, UUID workflowId, Map<String, Object> context) {
    }

    /**
     * A claimed call row: the instance waiting at {@code step} for its action number {@code action}, with the
     * instance's context (the request's body); {@code claims} is this claim's number.
     */
    record Call(UUID id, UUID workflowId, UUID instanceId, String step, int action, Map<String, Object> context,
                int claims) {
    }

    /** A due row claimed by the retry task: a start (its id) or a call. */
    record Due(UUID startId, Call call) {
    }

    static void insertStart(Connection c, Start s) throws SQLException {
        Jdbc.update(c, SqlFragment.of("INSERT INTO _workflow_outbox (id, kind, workflow_id, context, due_at) "
                        + "VALUES (?, 'start', ?, ?, NOW() + make_interval(secs => ?))", s.id(), s.workflowId(),
                new Jdbc.JsonValue(s.context()), DUE_AFTER_SECONDS));
    }

    /** Records that an instance waits for the call of one of its step's actions; returns the row's id. */
    static UUID insertCall(Connection c, UUID workflowId, UUID instanceId, String step, int action) throws SQLException {
        UUID id = UUID.randomUUID();
        Jdbc.update(c, SqlFragment.of("INSERT INTO _workflow_outbox (id, kind, workflow_id, instance_id, step, action, "
                + "due_at) VALUES (?, 'call', ?, ?, ?, ?, NOW() + make_interval(secs => ?))", id, workflowId, instanceId,
                step, action, DUE_AFTER_SECONDS));
        return id;
    }

    /** Deletes a start row and returns it; null when it is gone (another taker started it). */
    static Start takeStart(Connection c, UUID id) throws SQLException {
        Map<String, Object> r = Jdbc.queryOne(c, SqlFragment.of("DELETE FROM _workflow_outbox WHERE id = ? "
                + "AND kind = 'start' RETURNING workflow_id, context", id));
        return r == null ? null : new Start(id, UUID.fromString((String) r.get("workflow_id")), map(r.get("context")));
    }

    /**
     * Claims a call row its writer takes right after commit: only if nobody claimed it yet ({@code claims = 0}).
     * Null when the row is gone or the retry task has it.
     */
    static Call claimCall(Connection c, UUID id) throws SQLException {
        Map<String, Object> r = Jdbc.queryOne(c, SqlFragment.of("UPDATE _workflow_outbox o SET claims = 1, "
                + "due_at = NOW() + make_interval(secs => ?) FROM _workflow_instances i WHERE o.id = ? AND o.kind = 'call' "
                + "AND o.claims = 0 AND i.id = o.instance_id RETURNING o.id, o.workflow_id, o.instance_id, o.step, "
                + "o.action, o.claims, i.context", LEASE_SECONDS, id));
        return r == null ? null : call(r);
    }

    /**
     * Due rows, oldest first, claimed with {@code FOR UPDATE SKIP LOCKED} for {@link #LEASE_SECONDS}: call rows
     * with their claim number raised.
     */
    static List<Due> claimDue(Connection c, int limit) throws SQLException {
        List<Map<String, Object>> rows = Jdbc.query(c, SqlFragment.of("UPDATE _workflow_outbox o SET claims = "
                + "o.claims + CASE WHEN o.kind = 'call' THEN 1 ELSE 0 END, due_at = NOW() + make_interval(secs => ?) "
                + "FROM (SELECT id FROM _workflow_outbox WHERE due_at <= NOW() ORDER BY created_at, id LIMIT ? "
                + "FOR UPDATE SKIP LOCKED) d WHERE o.id = d.id RETURNING o.id, o.kind, o.workflow_id, o.instance_id, "
                + "o.step, o.action, o.claims, (SELECT i.context FROM _workflow_instances i WHERE i.id = o.instance_id) "
                + "AS context", LEASE_SECONDS, limit));
        List<Due> out = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            out.add("start".equals(r.get("kind")) ? new Due(UUID.fromString((String) r.get("id")), null)
                    : new Due(null, call(r)));
        }
        return out;
    }

    /** Deletes a call row if this claim is still its last one; false when another taker has it now. */
    static boolean takeCall(Connection c, Call call) throws SQLException {
        return Jdbc.update(c, SqlFragment.of("DELETE FROM _workflow_outbox WHERE id = ? AND claims = ?", call.id(),
                call.claims())) == 1;
    }

    private static Call call(Map<String, Object> r) {
        return new Call(UUID.fromString((String) r.get("id")), UUID.fromString((String) r.get("workflow_id")),
                UUID.fromString((String) r.get("instance_id")), (String) r.get("step"),
                ((Number) r.get("action")).intValue(), map(r.get("context")), ((Number) r.get("claims")).intValue());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object json) {
        return json instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
    }
}
