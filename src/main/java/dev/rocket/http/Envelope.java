package dev.rocket.http;

import java.util.LinkedHashMap;
import java.util.Map;

/** The success envelopes of docs/concepts.md#response-envelopes. */
public final class Envelope {
    private Envelope() {
    }

    public static Map<String, Object> data(Object data) {
        Map<String, Object> m = new LinkedHashMap<>(2);
        m.put("data", data);
        return m;
    }

    public static Map<String, Object> message(String message) {
        Map<String, Object> m = new LinkedHashMap<>(2);
        m.put("message", message);
        return m;
    }

    public static Map<String, Object> deleted(String key, Object id) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(key, id);
        d.put("deleted", true);
        return data(d);
    }
}
