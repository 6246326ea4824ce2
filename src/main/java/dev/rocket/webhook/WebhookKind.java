package dev.rocket.webhook;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.expr.ExpressionEngine;
import dev.rocket.metadata.DefinitionKind;
import dev.rocket.metadata.Hook;
import dev.rocket.metadata.Schema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Webhooks ({@code /_admin/webhooks}, table {@code _webhooks}): defaults applied on create and PUT, conditions compiled
 * before anything is stored; the registry keeps the active ones by entity and hook.
 */
public final class WebhookKind implements DefinitionKind<WebhookDef, WebhookKind.Index> {
    public static final WebhookKind KIND = new WebhookKind();

    private WebhookKind() {
    }

    @Override
    public String path() {
        return "webhooks";
    }

    @Override
    public String section() {
        return "webhooks";
    }

    @Override
    public String singular() {
        return "webhook";
    }

    @Override
    public String noun() {
        return "Webhook";
    }

    @Override
    public String table() {
        return "_webhooks";
    }

    @Override
    public List<String> columns() {
        return List.of("entity", "hook", "url", "method", "headers", "condition", "async", "retry", "active");
    }

    @Override
    public String order() {
        return "entity, hook, created_at, id";
    }

    @Override
    public WebhookDef parse(Map<String, Object> body, Schema schema, ExpressionEngine engine) {
        return WebhookParser.parse(body, schema, engine);
    }

    /** A stored row: the entity is not looked up (a webhook of a since-deleted entity simply never fires). */
    @Override
    public WebhookDef load(Map<String, Object> row, Schema schema, ExpressionEngine engine) {
        return WebhookParser.parse(row, engine);
    }

    @Override
    public void checkKeys(Map<String, Object> body) {
        WebhookParser.checkKeys(body);
    }

    @Override
    public List<Object> row(WebhookDef w) {
        return Arrays.asList(w.entity(), w.hook().wireName(), w.url(), w.method(), new Jdbc.JsonValue(w.headers()), w.condition(),
                w.async(), new Jdbc.JsonValue(w.retry()), w.active());
    }

    @Override
    public Index index(List<WebhookDef> defs) {
        Map<String, EnumMap<Hook, List<WebhookDef>>> byEntity = new HashMap<>();
        for (WebhookDef w : defs) {
            if (w.active()) {
                byEntity.computeIfAbsent(w.entity(), k -> new EnumMap<>(Hook.class))
                        .computeIfAbsent(w.hook(), k -> new ArrayList<>()).add(w);
            }
        }
        for (EnumMap<Hook, List<WebhookDef>> hooks : byEntity.values()) {
            hooks.replaceAll((k, v) -> List.copyOf(v));
        }
        return new Index(Map.copyOf(byEntity));
    }

    @Override
    public boolean exists(Connection c, WebhookDef w, Schema schema) throws SQLException {
        return Jdbc.queryLong(c, SqlFragment.of("SELECT COUNT(*) FROM _webhooks WHERE entity = ? AND hook = ? AND url = ?",
                w.entity(), w.hook().wireName(), w.url())) > 0;
    }

    @Override
    public String name(Map<String, Object> item) {
        return item.get("entity") + " " + item.get("url");
    }

    /**
     * The active webhooks of an app by entity and hook, in load order. Looked up on every write, so by the entity's
     * name and the hook itself: no key is built per lookup.
     */
    public static final class Index {
        private final Map<String, EnumMap<Hook, List<WebhookDef>>> byEntity;

        Index(Map<String, EnumMap<Hook, List<WebhookDef>>> byEntity) {
            this.byEntity = byEntity; // never changed after construction: read by many threads
        }

        /** Active webhooks of an entity for a hook (after_write, before_write, after_delete, before_delete). */
        public List<WebhookDef> of(String entity, Hook hook) {
            EnumMap<Hook, List<WebhookDef>> hooks = byEntity.get(entity);
            if (hooks == null) {
                return List.of();
            }
            List<WebhookDef> found = hooks.get(hook);
            return found == null ? List.of() : found;
        }
    }
}
