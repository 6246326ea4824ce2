package dev.rocket.webhook;

import dev.rocket.expr.CompiledExpression;
import dev.rocket.expr.ExpressionEngine;
import dev.rocket.expr.ExpressionException;
import dev.rocket.metadata.Hook;
import dev.rocket.metadata.Keys;
import dev.rocket.metadata.Problems;
import dev.rocket.metadata.Schema;
import dev.rocket.outbound.OutboundUrls;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Webhook definition (admin body or stored row) → {@link WebhookDef}: defaults applied (on create and
 * on PUT, docs/webhooks.md), validated with the messages of docs/webhooks.md (422, one detail per problem), the condition
 * compiled once.
 */
public final class WebhookParser {
    public static final List<String> HOOKS = Hook.names(Hook.WEBHOOK_HOOKS);
    /** The keys of a webhook definition and of its retry policy. */
    public static final List<String> KEYS = List.of("entity", "hook", "url", "method", "headers", "condition", "async",
            "retry", "active");
    private static final List<String> RETRY_KEYS = List.of("max_attempts", "backoff");
    public static final List<String> METHODS = List.of("POST", "PUT", "PATCH", "GET", "DELETE");
    public static final List<String> BACKOFFS = List.of("exponential", "linear");
    public static final int MAX_ATTEMPTS_LIMIT = 100;
    private static final Pattern HEADER_NAME = Pattern.compile("^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$");

    private WebhookParser() {
    }

    /** Strict check of an admin or imported webhook: unknown keys → 422 naming them and the allowed ones. */
    public static void checkKeys(Map<String, Object> body) {
        Problems p = new Problems();
        Keys.unknownOrReadBack(body, "", KEYS, p);
        Keys.unknown(body.get("retry"), "retry", RETRY_KEYS, p);
        p.throwIfAny();
    }

    /** A stored row: the entity is not looked up (a webhook of a since-deleted entity simply never fires). */
    public static WebhookDef parse(Map<String, Object> body, ExpressionEngine engine) {
        return parse(body, null, engine);
    }

    /** An admin body: with a registry, the entity must exist ("entity not found: x", as for rules). */
    public static WebhookDef parse(Map<String, Object> body, Schema reg, ExpressionEngine engine) {
        Problems p = new Problems();
        Object entity = body.get("entity");
        if (!(entity instanceof String s) || s.isBlank()) {
            p.add("entity", "entity is required");
        } else if (reg != null && reg.entity(s.trim()) == null) {
            p.add("entity", "entity not found: " + s);
        }
        Object hook = orDefault(body, "hook", "after_write");
        if (!HOOKS.contains(hook)) {
            p.add("hook", "hook must be after_write, before_write, after_delete, or before_delete");
        }
        Object url = body.get("url");
        if (url == null || "".equals(url)) {
            p.add("url", "url is required");
        } else if (!(url instanceof String u)) {
            p.add("url", "url must start with http:// or https://");
        } else if (OutboundUrls.problem(u) != null) {
            p.add("url", OutboundUrls.problem(u));
        }
        Object rawMethod = orDefault(body, "method", "POST");
        String method = rawMethod instanceof String m ? m.toUpperCase(Locale.ROOT) : null;
        if (!METHODS.contains(method)) {
            p.add("method", "method must be POST, PUT, PATCH, GET, or DELETE");
        }
        Map<String, String> headers = headers(orDefault(body, "headers", Map.of()), p);
        Object condition = orDefault(body, "condition", "");
        CompiledExpression compiled = null;
        if (!(condition instanceof String)) {
            p.add("condition", "condition must be a string");
        } else if (!((String) condition).isBlank()) {
            try {
                compiled = engine.compile((String) condition);
            } catch (ExpressionException e) {
                p.add("condition", "invalid condition: " + e.getMessage());
            }
        }
        Object async = orDefault(body, "async", Boolean.TRUE);
        if (!(async instanceof Boolean)) {
            p.add("async", "async must be a boolean");
        }
        Object active = orDefault(body, "active", Boolean.TRUE);
        if (!(active instanceof Boolean)) {
            p.add("active", "active must be a boolean");
        }
        Object retry = orDefault(body, "retry", Map.of());
        Object max = retry instanceof Map<?, ?> r ? (r.get("max_attempts") == null ? 3 : r.get("max_attempts")) : null;
        Object backoff = retry instanceof Map<?, ?> r ? (r.get("backoff") == null ? "exponential" : r.get("backoff")) : null;
        if (!(retry instanceof Map<?, ?>)) {
            p.add("retry", "retry must be an object");
        } else {
            if (!(max instanceof Integer n) || n < 1 || n > MAX_ATTEMPTS_LIMIT) {
                p.add("retry.max_attempts", "retry.max_attempts must be an integer from 1 to " + MAX_ATTEMPTS_LIMIT);
            }
            if (!BACKOFFS.contains(backoff)) {
                p.add("retry.backoff", "retry.backoff must be exponential or linear");
            }
        }
        p.throwIfAny();
        Object id = body.get("id");
        return new WebhookDef(id == null ? null : id.toString(), ((String) entity).trim(),
                Hook.parse(hook, Hook.WEBHOOK_HOOKS), (String) url,
                method, headers, (String) condition, compiled, (Boolean) async, (Integer) max, (String) backoff,
                (Boolean) active);
    }

    /** Absent and null take the default (docs/webhooks.md: a PUT without a field resets it to its default). */
    private static Object orDefault(Map<String, Object> body, String key, Object fallback) {
        Object v = body.get(key);
        return v == null ? fallback : v;
    }

    private static Map<String, String> headers(Object raw, Problems p) {
        Map<String, String> out = new LinkedHashMap<>();
        if (!(raw instanceof Map<?, ?> m)) {
            p.add("headers", "headers must be an object");
            return out;
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String name = String.valueOf(e.getKey());
            Object v = e.getValue();
            if (!HEADER_NAME.matcher(name).matches()) {
                p.add("headers", "invalid header name: " + name);
            } else if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                p.add("headers", "header " + name + " must be a string");
            } else if (String.valueOf(v).chars().anyMatch(ch -> ch == '\r' || ch == '\n' || ch == 0)) {
                p.add("headers", "header " + name + " must not contain line breaks");
            } else {
                out.put(name, String.valueOf(v));
            }
        }
        return out;
    }
}
