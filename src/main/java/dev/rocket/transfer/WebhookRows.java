package dev.rocket.transfer;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.error.ApiException;
import dev.rocket.metadata.Registry;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Webhook definitions of an import, validated with SPEC §12's rules and stored with its defaults. */
final class WebhookRows {
    private static final Set<String> HOOKS = Set.of("after_write", "before_write", "after_delete", "before_delete");
    private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH", "GET", "DELETE");

    private WebhookRows() {
    }

    static Map<String, Object> validated(Map<String, Object> w, Registry reg) {
        Object entity = w.get("entity");
        if (!(entity instanceof String e) || e.isEmpty()) {
            throw ApiException.validation("entity is required");
        }
        if (reg.entity(e) == null) {
            throw ApiException.validation("entity not found: " + e);
        }
        Object hook = w.get("hook") == null ? "after_write" : w.get("hook");
        if (!HOOKS.contains(hook)) {
            throw ApiException.validation("hook must be after_write, before_write, after_delete, or before_delete");
        }
        Object url = w.get("url");
        if (!(url instanceof String u) || u.isEmpty()) {
            throw ApiException.validation("url is required");
        }
        if (!u.startsWith("http://") && !u.startsWith("https://")) {
            throw ApiException.validation("url must start with http:// or https://");
        }
        Object method = w.get("method") == null ? "POST" : w.get("method");
        if (!METHODS.contains(method)) {
            throw ApiException.validation("method must be POST, PUT, PATCH, GET, or DELETE");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("entity", e);
        out.put("hook", hook);
        out.put("url", u);
        out.put("method", method);
        out.put("headers", w.get("headers") instanceof Map<?, ?> h ? h : Map.of());
        out.put("condition", w.get("condition") instanceof String c ? c : "");
        out.put("async", !(w.get("async") instanceof Boolean b) || b);
        out.put("retry", w.get("retry") instanceof Map<?, ?> r ? r : Map.of("max_attempts", 3, "backoff", "exponential"));
        out.put("active", !(w.get("active") instanceof Boolean b2) || b2);
        return out;
    }

    static void insert(Connection c, Map<String, Object> h) throws SQLException {
        Jdbc.update(c, SqlFragment.of("INSERT INTO _webhooks (entity, hook, url, method, headers, condition, async, retry, active) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", h.get("entity"), h.get("hook"), h.get("url"), h.get("method"),
                new Jdbc.JsonValue(h.get("headers")), h.get("condition"), h.get("async"), new Jdbc.JsonValue(h.get("retry")),
                h.get("active")));
    }
}
