package dev.rocket.webhook;

import dev.rocket.auth.Caller;
import dev.rocket.json.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The body of a delivery (docs/webhooks.md) and the environment its condition sees. Pure functions. */
public final class Payloads {
    private Payloads() {
    }

    /**
     * @param record the committed row (after_*), the row as written in the transaction (before_write) or the
     *               row as it was (deletes)
     * @param old    the row before an update; {@code old} and {@code changes} appear only for updates (docs/webhooks.md#what-is-sent)
     */
    public static Map<String, Object> build(String event, String entity, String action, Map<String, Object> record,
                                            Map<String, Object> old, Caller caller, Instant at, String key) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("event", event);
        p.put("entity", entity);
        p.put("action", action);
        p.put("record", copy(record));
        if ("update".equals(action) && old != null) {
            p.put("old", copy(old));
            p.put("changes", changes(record, old));
        }
        Map<String, Object> user = user(caller);
        if (user != null) {
            p.put("user", user);
        }
        p.put("timestamp", at.truncatedTo(ChronoUnit.MILLIS).toString());
        p.put("idempotency_key", key);
        return p;
    }

    public static String newIdempotencyKey() {
        return "wh_" + UUID.randomUUID();
    }

    /** Keys of {@code record} whose string form differs from {@code old}, as {@code {key: {old, new}}}. */
    public static Map<String, Object> changes(Map<String, Object> record, Map<String, Object> old) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (record == null) {
            return out;
        }
        for (Map.Entry<String, Object> e : record.entrySet()) {
            Object before = old == null ? null : old.get(e.getKey());
            if (!stringForm(e.getValue()).equals(stringForm(before))) {
                Map<String, Object> ch = new LinkedHashMap<>();
                ch.put("old", before);
                ch.put("new", e.getValue());
                out.put(e.getKey(), ch);
            }
        }
        return out;
    }

    /** {@code {id, roles}}, or null when there is no user. */
    public static Map<String, Object> user(Caller caller) {
        if (caller == null || caller.id() == null) {
            return null;
        }
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("id", caller.id());
        u.put("roles", caller.roles());
        return u;
    }

    /** What a condition sees: record, old, changes, action, entity, event, user (absent ones are null). */
    public static Map<String, Object> conditionEnv(Map<String, Object> payload) {
        Map<String, Object> env = new HashMap<>();
        for (String k : List.of("record", "old", "changes", "action", "entity", "event", "user")) {
            Object v = payload.get(k);
            env.put(k, v instanceof Map<?, ?> m ? deepCopy(m) : v);
        }
        return env;
    }

    private static String stringForm(Object v) {
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            return Json.write(v);
        }
        return String.valueOf(v);
    }

    private static Map<String, Object> copy(Map<String, Object> row) {
        return row == null ? null : new LinkedHashMap<>(row);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Object v = e.getValue();
            out.put(String.valueOf(e.getKey()), v instanceof Map<?, ?> inner ? deepCopy(inner) : v);
        }
        return out;
    }
}
