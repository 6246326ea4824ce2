package dev.rocket.metadata;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Strict definitions: every key of a definition object must be one its kind knows, and every enum-like
 * value one of its allowed values. Problems name the exact path of the offending key or value
 * ({@code fields[3].type}) and list what is allowed.
 */
public final class Keys {
    /** What a definition read back from the admin API carries besides its own keys; accepted and ignored. */
    public static final List<String> READ_BACK = List.of("id", "created_at", "updated_at");

    private Keys() {
    }

    /** One problem per key of {@code obj} (when it is an object) that is not in {@code allowed}. */
    public static void unknown(Object obj, String path, Collection<String> allowed, Problems p) {
        check(obj, path, allowed, allowed, p);
    }

    /** {@link #unknown}, also accepting the keys that come back when a definition is read ({@link #READ_BACK}). */
    public static void unknownOrReadBack(Object obj, String path, Collection<String> allowed, Problems p) {
        List<String> all = new ArrayList<>(allowed);
        all.addAll(READ_BACK);
        check(obj, path, all, allowed, p);
    }

    private static void check(Object obj, String path, Collection<String> accepted, Collection<String> shown,
                              Problems p) {
        if (!(obj instanceof Map<?, ?> m)) {
            return;
        }
        for (Object k : m.keySet()) {
            String key = String.valueOf(k);
            if (!accepted.contains(key)) {
                String at = path(path, key);
                p.add(at, "unknown", "unknown key " + at + " (allowed: " + String.join(", ", shown) + ")");
            }
        }
    }

    /** {@code "path: invalid <what> x (allowed: a, b, c)"}: the message for a value outside its vocabulary. */
    public static String notOneOf(String path, String what, Object value, Collection<String> allowed) {
        return path + ": invalid " + what + " " + show(value) + " (allowed: " + String.join(", ", allowed) + ")";
    }

    /** {@code parent.key} (just {@code key} at the top). */
    public static String path(String parent, String key) {
        return parent == null || parent.isEmpty() ? key : parent + "." + key;
    }

    /** {@code parent[index]}. */
    public static String path(String parent, int index) {
        return parent + "[" + index + "]";
    }

    private static String show(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }
}
