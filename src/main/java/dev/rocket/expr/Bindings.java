package dev.rocket.expr;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * An environment evaluated by several expressions in a row (the rules of one record): each value is converted
 * to JavaScript once instead of once per expression. Only values no expression can change are shared: maps
 * of scalars and maps (an expression cannot assign, and no method it may call changes an object), not arrays
 * ({@code sort} and {@code reverse} reorder an array in place); everything else is converted per evaluation
 * as {@link CompiledExpression#evaluate(Map)} does. Whoever changes a value of the environment between two
 * evaluations says so with {@link #changed}. For one thread at a time.
 */
public final class Bindings {

    private final Map<String, Object> env;
    /** Converted values by name; absent = not converted yet or not shareable. */
    private final Map<String, Object> converted = new HashMap<>();

    private Bindings(Map<String, Object> env) {
        this.env = env;
    }

    public static Bindings of(Map<String, Object> env) {
        return new Bindings(env);
    }

    public Map<String, Object> env() {
        return env;
    }

    /** The value of {@code name} in the environment has changed (or may have): convert it again when used. */
    public void changed(String name) {
        converted.remove(name);
    }

    /** The JavaScript value of {@code name}, converted now or on an earlier call. */
    Object js(org.mozilla.javascript.Context cx, org.mozilla.javascript.Scriptable shared, String name)
            throws ExpressionException {
        Object js = converted.get(name);
        if (js != null) {
            return js;
        }
        Object value = env.get(name);
        js = JsValues.toJs(cx, shared, value, 0);
        if (value instanceof Map<?, ?> map && immutable(map, 0)) {
            converted.put(name, js);
        }
        return js;
    }

    /** Whether a map converts to objects an expression cannot change: no array anywhere inside. */
    private static boolean immutable(Map<?, ?> map, int depth) {
        if (depth > JsValues.MAX_DEPTH) {
            return false;
        }
        for (Object v : map.values()) {
            if (v instanceof Collection<?> || v instanceof Object[]
                    || v instanceof Map<?, ?> inner && !immutable(inner, depth + 1)) {
                return false;
            }
        }
        return true;
    }
}
