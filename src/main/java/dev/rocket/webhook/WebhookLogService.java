package dev.rocket.webhook;

import dev.rocket.db.Jdbc;
import dev.rocket.db.Rows;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.error.ApiException;
import dev.rocket.tenancy.AppContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Admin API of {@code /_admin/webhook-logs}: list (newest first, at most 200), one row, manual retry. */
public final class WebhookLogService {
    public static final int LIMIT = 200;
    static final String COLUMNS = "id, webhook_id, entity, hook, url, method, request_headers, request_body, "
            + "response_status, response_body, status, attempt, max_attempts, next_retry_at, error, idempotency_key, "
            + "created_at, updated_at";
    private static final String RETRY_COLUMNS = "id, webhook_id, entity, hook, url, method, status, attempt, "
            + "max_attempts, next_retry_at, updated_at";
    private static final String MISSING = "Webhook log not found: ";

    /** Filters {@code webhook_id}, {@code status}, {@code entity} (exact, ANDed; null = no filter). */
    public List<Map<String, Object>> list(AppContext app, String webhookId, String status, String entity) {
        SqlFragment.Builder b = SqlFragment.builder().sql("SELECT " + COLUMNS + " FROM _webhook_logs WHERE TRUE");
        if (webhookId != null && !webhookId.isEmpty()) {
            UUID uuid = Rows.uuidOrNull(webhookId);
            if (uuid == null) {
                return List.of();
            }
            b.sql(" AND webhook_id = ").bind(uuid);
        }
        if (status != null && !status.isEmpty()) {
            b.sql(" AND status = ").bind(status);
        }
        if (entity != null && !entity.isEmpty()) {
            b.sql(" AND entity = ").bind(entity);
        }
        b.sql(" ORDER BY created_at DESC, id DESC LIMIT ").bind(LIMIT);
        SqlFragment q = b.build();
        return Tx.autoCommit(app.dataSource(), c -> Jdbc.query(c, q));
    }

    public Map<String, Object> get(AppContext app, String id) {
        UUID uuid = Rows.requireUuid(id, MISSING);
        Map<String, Object> row = Tx.autoCommit(app.dataSource(), c -> Jdbc.queryOne(c, SqlFragment.of(
                "SELECT " + COLUMNS + " FROM _webhook_logs WHERE id = ?", uuid)));
        if (row == null) {
            throw ApiException.notFound(MISSING + id);
        }
        return row;
    }

    /** Only failed or retrying rows: due now, attempt not reset; the retry task sends it. */
    public Map<String, Object> retry(AppContext app, String id) {
        UUID uuid = Rows.requireUuid(id, MISSING);
        return Tx.inTransaction(app.dataSource(), c -> {
            Map<String, Object> row = Jdbc.queryOne(c, SqlFragment.of("UPDATE _webhook_logs SET status = 'retrying', "
                    + "next_retry_at = NOW(), updated_at = NOW() WHERE id = ? AND status IN ('failed', 'retrying') "
                    + "RETURNING " + RETRY_COLUMNS, uuid));
            if (row != null) {
                return row;
            }
            if (Jdbc.queryOne(c, SqlFragment.of("SELECT id FROM _webhook_logs WHERE id = ?", uuid)) == null) {
                throw ApiException.notFound(MISSING + id);
            }
            throw ApiException.validation("Can only retry failed or retrying webhook logs");
        });
    }

}
