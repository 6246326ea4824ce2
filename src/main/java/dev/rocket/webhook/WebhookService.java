package dev.rocket.webhook;

import dev.rocket.db.Jdbc;
import dev.rocket.db.Rows;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.error.ApiException;
import dev.rocket.error.Details;
import dev.rocket.expr.ExpressionEngine;
import dev.rocket.outbound.AddressPolicy;
import dev.rocket.outbound.OutboundUrls;
import dev.rocket.tenancy.AppContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Admin API of {@code /_admin/webhooks}: definitions validated (defaults applied on create and PUT, G-48)
 * and their conditions compiled before anything is stored; a URL whose host is an address outbound calls may not
 * reach is refused (422) up front. Responses are the full stored row. Every change reloads the app's registry.
 */
public final class WebhookService {
    static final String COLUMNS = "id, entity, hook, url, method, headers, condition, async, retry, active, "
            + "created_at, updated_at";
    private static final String MISSING = "Webhook not found: ";

    private final ExpressionEngine engine;
    private final Consumer<AppContext> changed;
    private final AddressPolicy targets;

    public WebhookService(ExpressionEngine engine, Consumer<AppContext> changed, AddressPolicy targets) {
        this.engine = engine;
        this.changed = changed;
        this.targets = targets;
    }

    private WebhookDef parse(AppContext app, Map<String, Object> body) {
        WebhookParser.checkKeys(body);
        WebhookDef w = WebhookParser.parse(body, app.registry(), engine);
        if (targets.refusesLiteral(OutboundUrls.host(w.url()))) {
            throw ApiException.validation("Validation failed",
                    List.of(Details.of("url", null, "url targets an address outbound calls may not reach")));
        }
        return w;
    }

    public List<Map<String, Object>> list(AppContext app) {
        return Tx.read(app.dataSource(), c -> Jdbc.query(c, SqlFragment.of(
                "SELECT " + COLUMNS + " FROM _webhooks ORDER BY entity, hook, created_at, id")));
    }

    public Map<String, Object> get(AppContext app, String id) {
        return Rows.byId(app.dataSource(), "_webhooks", COLUMNS, id, MISSING);
    }

    public Map<String, Object> create(AppContext app, Map<String, Object> body) {
        WebhookDef w = parse(app, body);
        Map<String, Object> row = Tx.inTransaction(app.dataSource(), c -> insert(c, w));
        changed.accept(app);
        return row;
    }

    /** Stores a validated webhook on the caller's transaction (admin API and import); returns the row. */
    public static Map<String, Object> insert(java.sql.Connection c, WebhookDef w) throws java.sql.SQLException {
        return Jdbc.queryOne(c, SqlFragment.of(
                "INSERT INTO _webhooks (entity, hook, url, method, headers, condition, async, retry, active) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS,
                w.entity(), w.hook(), w.url(), w.method(), new Jdbc.JsonValue(w.headers()), w.condition(), w.async(),
                new Jdbc.JsonValue(w.retry()), w.active()));
    }

    public Map<String, Object> update(AppContext app, String id, Map<String, Object> body) {
        UUID uuid = Rows.requireUuid(id, MISSING);
        WebhookDef w = parse(app, body);
        Map<String, Object> row = Tx.inTransaction(app.dataSource(), c -> Jdbc.queryOne(c, SqlFragment.of(
                "UPDATE _webhooks SET entity = ?, hook = ?, url = ?, method = ?, headers = ?, condition = ?, async = ?, "
                        + "retry = ?, active = ?, updated_at = NOW() WHERE id = ? RETURNING " + COLUMNS,
                w.entity(), w.hook(), w.url(), w.method(), new Jdbc.JsonValue(w.headers()), w.condition(), w.async(),
                new Jdbc.JsonValue(w.retry()), w.active(), uuid)));
        if (row == null) {
            throw ApiException.notFound(MISSING + id);
        }
        changed.accept(app);
        return row;
    }

    public void delete(AppContext app, String id) {
        Rows.deleteById(app.dataSource(), "_webhooks", id, MISSING);
        changed.accept(app);
    }

}
