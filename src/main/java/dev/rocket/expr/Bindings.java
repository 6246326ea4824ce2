package dev.rocket.expr;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.mozilla.javascript.Context;
import org.mozilla.javascript.NativeObject;
import org.mozilla.javascript.Scriptable;

/**
 * One environment for several expressions evaluated one after the other on one thread, such as the rules of
 * one hook for one record: the sandbox is entered once, and each variable is turned into its JavaScript value
 * once, when the first expression that reads it runs. Every expression still runs with its own instruction
 * budget and deadline.
 *
 * <p>Sharing the values is safe because an expression cannot change one: the language has no assignment and
 * no deletion, and {@code sort()} and {@code reverse()} return a sorted or reversed copy. A caller that
 * changes a variable's Java value between two evaluations says so with {@link #changed(String)}.
 *
 * <p>Not thread-safe: open, use and {@link #close()} it on one thread, e.g. in a try-with-resources block.
 */
public final class Bindings implements AutoCloseable {

    private final Map<String, Object> env;
    /** The engine whose sandbox is entered, once the first expression has run; null before. */
    private Object owner;
    private SandboxContext cx;
    private Scriptable shared;
    private NativeObject scope;
    /** Variables whose Java value changed after they were bound: bound again when an expression next reads them. */
    private Set<String> stale;
    /** Variables bound as objects holding only some properties of their map: the properties present. */
    private Map<String, Set<String>> partial;
    private boolean closed;

    public Bindings(Map<String, Object> env) {
        this.env = env;
    }

    /** The environment as given. */
    public Map<String, Object> env() {
        return env;
    }

    /** The Java value of {@code name} has changed: the next expression that reads it sees the new value. */
    public void changed(String name) {
        if (scope != null) {
            if (partial != null) {
                partial.remove(name);
            }
            if (stale == null) {
                stale = new HashSet<>(4);
            }
            stale.add(name);
        }
    }

    /** Whether these bindings run expressions of {@code engine}: false when closed or bound to another engine. */
    boolean usable(Object engine) {
        return !closed && (owner == null || owner == engine);
    }

    /** The context entered for {@code engine}, entering it on first use; see {@link #usable}. */
    SandboxContext enter(Object engine, Sandbox sandbox, Scriptable sharedScope) throws ExpressionException {
        if (cx == null) {
            cx = sandbox.enterSandbox();
            owner = engine;
            shared = sharedScope;
            scope = new NativeObject();
            scope.setPrototype(sharedScope);
            scope.setParentScope(null);
        }
        return cx;
    }

    /**
     * The scope holding every variable bound so far, with the variables {@code expression} reads bound too. A map
     * that the expression only reads as {@code name.property} is bound as an object holding just the properties
     * read (a record of forty fields checked by a rule on two of them costs two conversions); properties are added
     * when a later expression reads more, and the whole map is bound when one reads it whole or calls {@code sum()}
     * (whose inner expression may read anything).
     */
    Scriptable scopeFor(RhinoExpression expression) throws ExpressionException {
        if (expression.callsSum() && partial != null && !partial.isEmpty()) {
            for (String name : partial.keySet().toArray(String[]::new)) {
                bindWhole(name);
            }
        }
        for (String name : expression.names()) {
            String[] properties = expression.callsSum() ? null : expression.properties(name);
            boolean changed = stale != null && stale.remove(name);
            if (!changed && scope.has(name, scope)) {
                Set<String> present = partial == null ? null : partial.get(name);
                if (present != null) {
                    if (properties == null) {
                        bindWhole(name);
                    } else {
                        addProperties((Scriptable) scope.get(name, scope), present, properties, (Map<?, ?>) env.get(name));
                    }
                }
                continue;
            }
            if (partial != null) {
                partial.remove(name);
            }
            if (env != null && env.containsKey(name)) {
                Object value = env.get(name);
                if (properties != null && value instanceof Map<?, ?> map) {
                    Scriptable object = cx.newObject(shared);
                    Set<String> present = new HashSet<>();
                    addProperties(object, present, properties, map);
                    scope.put(name, scope, object);
                    if (partial == null) {
                        partial = new HashMap<>(4);
                    }
                    partial.put(name, present);
                } else {
                    scope.put(name, scope, JsValues.toJs(cx, shared, value, 0));
                }
            } else if (!Names.GLOBALS.contains(name)) {
                scope.put(name, scope, RhinoExpression.unbound(name));
            }
        }
        return scope;
    }

    private void addProperties(Scriptable object, Set<String> present, String[] properties, Map<?, ?> map)
            throws ExpressionException {
        for (String property : properties) {
            if (present.add(property) && map.containsKey(property)) {
                object.put(property, object, JsValues.toJs(cx, shared, map.get(property), 1));
            }
        }
    }

    private void bindWhole(String name) throws ExpressionException {
        partial.remove(name);
        scope.put(name, scope, JsValues.toJs(cx, shared, env.get(name), 0));
    }

    /** Leaves the sandbox if an expression entered it; afterwards every evaluation enters on its own. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (cx != null) {
            cx = null;
            scope = null;
            Context.exit();
        }
    }
}
