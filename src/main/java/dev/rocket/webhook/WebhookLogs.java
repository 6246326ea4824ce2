package dev.rocket.webhook;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** JDBC on {@code _webhook_logs}: the outbox insert, final sync rows, claiming due rows, attempt outcomes. */
final class WebhookLogs {
    private static final int BATCH = 200;

    private WebhookLogs() {
    }

    /** A due row claimed for another attempt, with the backoff of its webhook. */
    record Due(UUID id, String url, String method, Map<String, String> headers, Object body, int attempt,
               int maxAttempts, String backoff) {
    }

    /** Inserts deliveries with a status (pending in the outbox, failed when the condition errored). */
    static void insert(Connection c, List<Delivery> deliveries, String status, String error) throws SQLException {
        for (int from = 0; from < deliveries.size(); from += BATCH) {
            List<Delivery> part = deliveries.subList(from, Math.min(deliveries.size(), from + BATCH));
            SqlFragment.Builder b = SqlFragment.builder().sql("INSERT INTO _webhook_logs (id, webhook_id, entity, hook, "
                    + "url, method, request_headers, request_body, status, attempt, max_attempts, error, idempotency_key) VALUES ");
            for (int i = 0; i < part.size(); i++) {
                Delivery d = part.get(i);
                WebhookDef h = d.hook();
                b.sql(i == 0 ? "(" : ", (").bind(d.id()).sql(", ").bind(UUID.fromString(h.id())).sql(", ")
                        .bind(h.entity()).sql(", ").bind(h.hook().wireName()).sql(", ").bind(h.url()).sql(", ").bind(h.method())
                        .sql(", ").bind(new Jdbc.JsonValue(d.headers())).sql(", ").bind(new Jdbc.JsonValue(d.payload()))
                        .sql(", ").bind(status).sql(", 0, ").bind(h.maxAttempts()).sql(", ").bind(error == null ? "" : error)
                        .sql(", ").bind(d.idempotencyKey()).sql(")");
            }
            Jdbc.update(c, b.build());
        }
    }

    /** The row of a synchronous call, written once with its outcome (sync calls are never retried). */
    static void insertSync(Connection c, Delivery d, WebhookTransport.Result r, String error) throws SQLException {
        WebhookDef h = d.hook();
        boolean ok = error == null && r != null && r.ok();
        Jdbc.update(c, SqlFragment.of("INSERT INTO _webhook_logs (id, webhook_id, entity, hook, url, method, "
                        + "request_headers, request_body, response_status, response_body, status, attempt, max_attempts, "
                        + "error, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
                d.id(), UUID.fromString(h.id()), h.entity(), h.hook().wireName(), h.url(), h.method(),
                new Jdbc.JsonValue(d.headers()), new Jdbc.JsonValue(d.payload()), r == null ? null : r.status(),
                r == null ? "" : r.body(), ok ? RetryPolicy.DELIVERED : RetryPolicy.FAILED, r == null ? 0 : 1,
                error != null ? error : r.errorText(), d.idempotencyKey()));
    }

    /** Takes a fresh outbox row for its first attempt; false when it is gone or already taken. */
    static boolean claimFirst(Connection c, UUID id) throws SQLException {
        return Jdbc.update(c, SqlFragment.of("UPDATE _webhook_logs SET updated_at = NOW() "
                + "WHERE id = ? AND status = 'pending' AND attempt = 0", id)) == 1;
    }

    /**
     * Claims up to {@code limit} due rows, oldest first: retrying rows whose time has come and pending rows
     * not touched for {@code staleSeconds} (left by a crash). Claimed rows are leased: a retrying row's
     * next_retry_at moves {@code leaseSeconds} ahead and updated_at is bumped, so no other taker sends it
     * while this attempt is in flight. Call inside a transaction.
     */
    @SuppressWarnings("unchecked")
    static List<Due> claimDue(Connection c, int limit, double staleSeconds, double leaseSeconds) throws SQLException {
        List<Map<String, Object>> rows = Jdbc.query(c, SqlFragment.of("SELECT l.id, l.url, l.method, l.request_headers, "
                + "l.request_body, l.attempt, l.max_attempts, COALESCE(w.retry->>'backoff', 'exponential') AS backoff "
                + "FROM _webhook_logs l LEFT JOIN _webhooks w ON w.id = l.webhook_id "
                + "WHERE (l.status = 'retrying' AND l.next_retry_at <= NOW()) "
                + "OR (l.status = 'pending' AND l.updated_at < NOW() - make_interval(secs => ?)) "
                + "ORDER BY l.created_at, l.id LIMIT ? FOR UPDATE OF l SKIP LOCKED", staleSeconds, limit));
        List<Due> out = new ArrayList<>();
        List<Object> ids = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            out.add(new Due(UUID.fromString((String) r.get("id")), (String) r.get("url"), (String) r.get("method"),
                    HeaderTemplates.strings(r.get("request_headers")), r.get("request_body"), (Integer) r.get("attempt"), (Integer) r.get("max_attempts"),
                    (String) r.get("backoff")));
            ids.add(r.get("id"));
        }
        if (!ids.isEmpty()) {
            Jdbc.update(c, SqlFragment.of("UPDATE _webhook_logs SET updated_at = NOW(), next_retry_at = CASE "
                    + "WHEN status = 'retrying' THEN NOW() + make_interval(secs => ?) ELSE next_retry_at END "
                    + "WHERE id = ANY(CAST(? AS uuid[]))", leaseSeconds, new Jdbc.SqlArray("text", ids.toArray())));
        }
        return out;
    }

    /** Records attempt number {@code attempt} and what follows it. */
    static void recordAttempt(Connection c, UUID id, int attempt, RetryPolicy.Next next, WebhookTransport.Result r)
            throws SQLException {
        SqlFragment.Builder b = SqlFragment.builder().sql("UPDATE _webhook_logs SET attempt = ").bind(attempt)
                .sql(", status = ").bind(next.status()).sql(", response_status = ").bind(r.status())
                .sql(", response_body = ").bind(r.body() == null ? "" : r.body())
                .sql(", error = ").bind(r.errorText()).sql(", next_retry_at = ");
        if (next.delaySeconds() == null) {
            b.sql("NULL");
        } else {
            b.sql("NOW() + make_interval(secs => ").bind(next.delaySeconds().doubleValue()).sql(")");
        }
        b.sql(", updated_at = NOW() WHERE id = ").bind(id);
        Jdbc.update(c, b.build());
    }
}
