package dev.rocket.webhook;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.json.Json;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The state machines' {@code webhook} actions (docs/state-machines.md: after commit, body = the committed record,
 * fire-and-forget, not logged) made durable: each is a row of {@code _transition_outbox} written in the
 * write's transaction and deleted once sent. A row still there at {@code due_at} was left behind by a node
 * that died (or whose sender queue was full); the retry task sends it once and deletes it. Header templates
 * are stored as configured and resolved when sending, so no resolved secret is written to the database.
 */
final class TransitionOutbox {
    /** How long a row may wait for its first send before the retry task takes it over. */
    static final double DUE_AFTER_SECONDS = 60;
    /** A claimed row is not offered again for this long. */
    static final double LEASE_SECONDS = 120;

    /** One call to make. */
    record Call(UUID id, String method, String url, Map<String, String> headers, String body) {
        WebhookTransport.Request request() {
            return new WebhookTransport.Request(method, url, HeaderTemplates.resolve(headers), body);
        }
    }

    private TransitionOutbox() {
    }

    /** The call of one {@code webhook} action for a written record; null when the action has no URL. */
    static Call call(Map<String, Object> action, Map<String, Object> record) {
        if (!(action.get("url") instanceof String url)) {
            return null;
        }
        String method = action.get("method") instanceof String m ? m.toUpperCase(Locale.ROOT) : "POST";
        String body = "GET".equals(method) ? null : Json.write(record);
        return new Call(UUID.randomUUID(), method, url, HeaderTemplates.strings(action.get("headers")), body);
    }

    /** Records the calls in the caller's transaction. */
    static void insert(Connection c, List<Call> calls) throws SQLException {
        for (Call call : calls) {
            Jdbc.update(c, SqlFragment.of("INSERT INTO _transition_outbox (id, method, url, headers, body, due_at) "
                            + "VALUES (?, ?, ?, ?, ?, NOW() + make_interval(secs => ?))", call.id(), call.method(),
                    call.url(), new Jdbc.JsonValue(call.headers()), call.body(), DUE_AFTER_SECONDS));
        }
    }

    /** Due rows, oldest first, claimed for {@link #LEASE_SECONDS} with {@code FOR UPDATE SKIP LOCKED}. */
    static List<Call> claimDue(Connection c, int limit) throws SQLException {
        List<Map<String, Object>> rows = Jdbc.query(c, SqlFragment.of("SELECT id, method, url, headers, body "
                + "FROM _transition_outbox WHERE due_at <= NOW() ORDER BY created_at, id LIMIT ? "
                + "FOR UPDATE SKIP LOCKED", limit));
        List<Call> out = new ArrayList<>();
        List<Object> ids = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            out.add(new Call(UUID.fromString((String) r.get("id")), (String) r.get("method"), (String) r.get("url"),
                    HeaderTemplates.strings(r.get("headers")), (String) r.get("body")));
            ids.add(r.get("id"));
        }
        if (!ids.isEmpty()) {
            Jdbc.update(c, SqlFragment.of("UPDATE _transition_outbox SET due_at = NOW() + make_interval(secs => ?) "
                    + "WHERE id = ANY(CAST(? AS uuid[]))", LEASE_SECONDS, new Jdbc.SqlArray("text", ids.toArray())));
        }
        return out;
    }

    /** Sent (whatever the answer: fire-and-forget): the row goes. */
    static void delete(Connection c, UUID id) throws SQLException {
        Jdbc.update(c, SqlFragment.of("DELETE FROM _transition_outbox WHERE id = ?", id));
    }
}
