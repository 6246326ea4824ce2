package dev.rocket.expr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
    /** By variable, the names bound so far that stand for one of its {@code variable.property} reads. */
    private Map<String, List<String>> bound;
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
        if (scope == null) {
            return;
        }
        scope.delete(name);
        List<String> reads = bound == null ? null : bound.remove(name);
        if (reads != null) {
            for (String read : reads) {
                scope.delete(read);
            }
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
     * The scope holding every name bound so far, with the names {@code expression} reads bound too: a variable to its
     * whole value, a {@code variable.property} read ({@link Translator.Path}) to that one property's value.
     */
    Scriptable scopeFor(RhinoExpression expression) throws ExpressionException {
        for (String name : expression.names()) {
            if (scope.has(name, scope)) {
                continue;
            }
            Translator.Path path = expression.bind(cx, shared, scope, name, env);
            if (path != null) {
                if (bound == null) {
                    bound = new HashMap<>(4);
                }
                bound.computeIfAbsent(path.variable(), v -> new ArrayList<>(4)).add(name);
            }
        }
        return scope;
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
