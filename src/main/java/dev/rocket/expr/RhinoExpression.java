package dev.rocket.expr;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.mozilla.javascript.Context;
import org.mozilla.javascript.NativeObject;
import org.mozilla.javascript.Script;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Undefined;

/** A translated, compiled expression plus the free variable names it reads. Immutable. */
final class RhinoExpression implements CompiledExpression {

    private final String source;
    private final String javaScript;
    private final Script script;
    private final String[] names;
    /** The names that stand for a {@code variable.property} read ({@link Translator.Path}). */
    private final Map<String, Translator.Path> paths;
    private final Evaluator evaluator;

    /** Runs a script with limits on a sandbox context (implemented by {@link ExpressionEngine}). */
    interface Evaluator {
        Object run(RhinoExpression expression, Map<String, Object> env, boolean convert) throws ExpressionException;

        Object run(RhinoExpression expression, Bindings bindings, boolean convert) throws ExpressionException;
    }

    RhinoExpression(String source, Translator.Result translated, Script script, Evaluator evaluator) {
        this.source = source;
        this.javaScript = translated.javaScript();
        this.script = script;
        this.names = translated.names().toArray(String[]::new);
        this.paths = translated.paths();
        this.evaluator = evaluator;
    }

    @Override
    public String source() {
        return source;
    }

    /** The JavaScript actually run (after dialect translation); for diagnostics and tests. */
    String javaScript() {
        return javaScript;
    }

    Script script() {
        return script;
    }

    String[] names() {
        return names;
    }

    /** The {@code variable.property} read that the free name {@code name} stands for, or null for a variable. */
    Translator.Path path(String name) {
        return paths.isEmpty() ? null : paths.get(name);
    }

    @Override
    public Object evaluate(Map<String, Object> env) throws ExpressionException {
        return evaluator.run(this, env, true);
    }

    @Override
    public boolean test(Map<String, Object> env) throws ExpressionException {
        return (Boolean) evaluator.run(this, env, false);
    }

    @Override
    public Object evaluate(Bindings bindings) throws ExpressionException {
        return evaluator.run(this, bindings, true);
    }

    @Override
    public boolean test(Bindings bindings) throws ExpressionException {
        return (Boolean) evaluator.run(this, bindings, false);
    }

    /** A fresh scope over {@code shared} binding every free name: environment value, standard global, or default. */
    Scriptable bind(Context cx, Scriptable shared, Map<String, Object> env) throws ExpressionException {
        NativeObject scope = new NativeObject();
        scope.setPrototype(shared);
        scope.setParentScope(null);
        for (String name : names) {
            bind(cx, shared, scope, name, env);
        }
        return scope;
    }

    /**
     * Binds the free name {@code name} in {@code scope}: a path read ({@link Translator.Path}) to its one value, a
     * variable to its environment value, else (unless it is a standard global, left to {@code shared}) to
     * {@link #unbound}. Returns the path the name stands for, or null.
     */
    Translator.Path bind(Context cx, Scriptable shared, Scriptable scope, String name, Map<String, Object> env)
            throws ExpressionException {
        Translator.Path path = path(name);
        if (path != null) {
            scope.put(name, scope, read(cx, shared, path, env));
        } else if (env != null && env.containsKey(name)) {
            scope.put(name, scope, JsValues.toJs(cx, shared, env.get(name), 0));
        } else if (!Names.GLOBALS.contains(name)) {
            scope.put(name, scope, unbound(name));
        }
        return path;
    }

    /**
     * The value of {@code variable?.property} for {@code path} over {@code env}: of a map, its entry converted alone (the
     * rest of the map is never converted); of anything else, the property of its JavaScript value.
     */
    static Object read(Context cx, Scriptable shared, Translator.Path path, Map<String, Object> env)
            throws ExpressionException {
        if (env == null || !env.containsKey(path.variable())) {
            return property(cx, shared, unbound(path.variable()), path.property());
        }
        Object value = env.get(path.variable());
        if (value instanceof Map<?, ?> map) {
            return map.containsKey(path.property())
                    ? JsValues.toJs(cx, shared, map.get(path.property()), 1)
                    : property(cx, shared, cx.newObject(shared), path.property());
        }
        return property(cx, shared, JsValues.toJs(cx, shared, value, 0), path.property());
    }

    /** {@code value?.property} of a JavaScript value. */
    static Object property(Context cx, Scriptable shared, Object value, String property) {
        if (value == null || Undefined.isUndefined(value)) {
            return Undefined.instance;
        }
        Object found = ScriptableObject.getProperty(ScriptRuntime.toObject(cx, shared, value), property);
        return found == Scriptable.NOT_FOUND ? Undefined.instance : found;
    }

    /** The value of a variable the environment does not define: {@code now} is the current instant, others undefined. */
    static Object unbound(String name) {
        return name.equals("now") ? Instant.now().truncatedTo(ChronoUnit.SECONDS).toString() : Undefined.instance;
    }

    @Override
    public String toString() {
        return source;
    }
}
