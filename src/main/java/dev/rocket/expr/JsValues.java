package dev.rocket.expr;

import java.sql.Date;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mozilla.javascript.Callable;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.NativeArray;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Undefined;

/**
 * Conversion between the JSON-like Java values of the environment and JavaScript values. Java
 * containers are copied into fresh {@code NativeObject}/{@code NativeArray} instances, so no Java
 * object ever reaches a script. Every number becomes a JavaScript number (a double).
 */
final class JsValues {

    static final int MAX_DEPTH = 100;
    private static final double MAX_EXACT = 9_007_199_254_740_992d; // 2^53

    private JsValues() {
    }

    /** Java → JavaScript. {@code scope} is the shared top-level scope (for the Object/Array prototypes). */
    static Object toJs(Context cx, Scriptable scope, Object value, int depth) throws ExpressionException {
        if (value == null || value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (depth > MAX_DEPTH) {
            throw new ExpressionException("value is nested too deeply (at most " + MAX_DEPTH + " levels)");
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            Scriptable object = cx.newObject(scope);
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                Object v = toJs(cx, scope, e.getValue(), depth + 1);
                int index = arrayIndex(key);
                if (index >= 0) {
                    object.put(index, object, v);
                } else {
                    object.put(key, object, v);
                }
            }
            return object;
        }
        if (value instanceof Collection<?> items) {
            Object[] elements = new Object[items.size()];
            int i = 0;
            for (Object item : items) {
                elements[i++] = toJs(cx, scope, item, depth + 1);
            }
            return cx.newArray(scope, elements);
        }
        if (value instanceof Object[] items) {
            return toJs(cx, scope, List.of(items), depth);
        }
        return text(value);
    }

    /** Text for scalar Java values that JSON would carry as strings (dates, UUIDs, enums, ...). */
    private static String text(Object value) {
        if (value instanceof Date d) {
            return d.toLocalDate().toString();
        }
        if (value instanceof java.util.Date d) {
            return d.toInstant().toString();
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant().toString();
        }
        if (value instanceof ZonedDateTime t) {
            return t.toInstant().toString();
        }
        if (value instanceof Instant || value instanceof TemporalAccessor) {
            return value.toString();
        }
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        return String.valueOf(value);
    }

    private static int arrayIndex(String key) {
        int n = key.length();
        if (n == 0 || n > 9 || (n > 1 && key.charAt(0) == '0')) {
            return -1;
        }
        for (int i = 0; i < n; i++) {
            if (key.charAt(i) < '0' || key.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(key);
    }

    /** JavaScript → Java; see {@link CompiledExpression} for the mapping. Needs the current context. */
    static Object toJava(Object value, int depth) throws ExpressionException {
        if (value == null || Undefined.isUndefined(value) || value == Scriptable.NOT_FOUND) {
            return null;
        }
        if (value instanceof Boolean) {
            return value;
        }
        if (value instanceof Number n) {
            return number(n.doubleValue());
        }
        if (value instanceof CharSequence s) {
            return s.toString();
        }
        if (depth > MAX_DEPTH) {
            throw new ExpressionException("result is nested too deeply");
        }
        if (value instanceof Callable) {
            throw new ExpressionException("expression result is a function, not a value");
        }
        if (value instanceof Scriptable object) {
            if ("Date".equals(object.getClassName())) {
                double ms = Context.toNumber(object);
                return Double.isNaN(ms) ? null : Instant.ofEpochMilli((long) ms).toString();
            }
            if (object instanceof NativeArray array) {
                long length = array.getLength();
                List<Object> list = new ArrayList<>((int) Math.min(length, 10_000));
                for (int i = 0; i < length; i++) {
                    list.add(toJava(array.get(i, array), depth + 1));
                }
                return list;
            }
            Map<String, Object> map = new LinkedHashMap<>();
            for (Object id : object.getIds()) {
                Object v = id instanceof Integer i ? object.get(i, object) : ScriptableObject.getProperty(object, String.valueOf(id));
                map.put(String.valueOf(id), toJava(v, depth + 1));
            }
            return map;
        }
        return Context.toString(value);
    }

    /** Integral values within ±2^53 come back as Long, other finite values as Double, NaN/∞ as null. */
    static Object number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return null;
        }
        if (d == Math.rint(d) && Math.abs(d) <= MAX_EXACT) {
            return (long) d;
        }
        return d;
    }
}
