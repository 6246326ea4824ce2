package dev.rocket.workflow;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Resolves a workflow's context mapping (docs/workflows.md#definition): each value is a dot path into
 * {@code {trigger: {record_id, record}}}; the roots {@code record.} and {@code record_id} are shorthands;
 * anything else is a literal. Missing paths give null.
 */
final class ContextMapper {
    private ContextMapper() {
    }

    static Map<String, Object> map(Map<String, Object> mapping, String recordId, Map<String, Object> record) {
        Map<String, Object> trigger = new LinkedHashMap<>();
        trigger.put("record_id", recordId);
        trigger.put("record", record);
        Map<String, Object> root = Map.of("trigger", trigger);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : mapping.entrySet()) {
            Object v = e.getValue();
            if (!(v instanceof String path)) {
                out.put(e.getKey(), v);
                continue;
            }
            if (path.equals("record_id") || path.equals("trigger.record_id")) {
                out.put(e.getKey(), recordId);
            } else if (path.startsWith("trigger.") || path.equals("trigger")) {
                out.put(e.getKey(), get(root, path));
            } else if (path.startsWith("record.") || path.equals("record")) {
                out.put(e.getKey(), get(root, "trigger." + path));
            } else {
                out.put(e.getKey(), path);
            }
        }
        return out;
    }

    /** Dot path into nested maps; null when any step is missing. */
    static Object get(Map<String, Object> root, String path) {
        Object cur = root;
        for (String part : path.split("\\.")) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(part);
        }
        return cur;
    }
}
