package dev.rocket.expr;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import org.mozilla.javascript.Context;
import org.mozilla.javascript.NativeObject;
import org.mozilla.javascript.Script;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.Undefined;

/** A translated, compiled expression plus the free variable names it reads. Immutable. */
final class RhinoExpression implements CompiledExpression {

    private final String source;
    private final String javaScript;
    private final Script script;
    private final String[] names;
    /** For the variables read only as {@code name.property}: the properties read. */
    private final Map<String, String[]> properties;
    private final boolean callsSum;
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
        Map<String, String[]> read = new HashMap<>();
        translated.properties().forEach((name, properties) -> read.put(name, properties.toArray(String[]::new)));
        this.properties = Map.copyOf(read);
        this.callsSum = translated.callsSum();
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

    /** The properties read of {@code name} when it is only read as {@code name.property}; null when it is read whole. */
    String[] properties(String name) {
        return properties.get(name);
    }

    /** Whether the expression calls {@code sum()}, whose inner expression may read any variable whole. */
    boolean callsSum() {
        return callsSum;
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
            if (env != null && env.containsKey(name)) {
                scope.put(name, scope, JsValues.toJs(cx, shared, env.get(name), 0));
            } else if (!Names.GLOBALS.contains(name)) {
                scope.put(name, scope, unbound(name));
            }
        }
        return scope;
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
