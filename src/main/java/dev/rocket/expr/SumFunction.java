package dev.rocket.expr;

import org.mozilla.javascript.BaseFunction;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.NativeArray;
import org.mozilla.javascript.NativeObject;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Undefined;

/**
 * {@code sum(list)} and {@code sum(list, 'expr')}: adds up the elements, or the value of
 * {@code expr} evaluated once per element with the element's keys as variables (plus {@code it},
 * the element itself; the enclosing expression's variables stay visible underneath). The inner
 * expression is compiled by the same engine, cached, and runs on the same context, under the same
 * instruction budget and deadline. {@code null}/{@code undefined} values count as 0; a missing or
 * {@code null} list sums to 0.
 */
final class SumFunction extends BaseFunction {

    private static final long serialVersionUID = 1L;
    private static final int MAX_NESTING = 8;
    /** Instructions charged per element, on top of those its inner expression runs. */
    private static final int ELEMENT_COST = 10;

    interface Compiler {
        RhinoExpression compile(String source) throws ExpressionException;
    }

    private final transient Compiler compiler;

    SumFunction(Compiler compiler) {
        this.compiler = compiler;
    }

    @Override
    public String getFunctionName() {
        return "sum";
    }

    @Override
    public Object call(Context cx, Scriptable scope, Scriptable thisObj, Object[] args) {
        Object list = args.length > 0 ? args[0] : null;
        if (list == null || Undefined.isUndefined(list)) {
            return 0.0;
        }
        if (!(list instanceof NativeArray array)) {
            throw ScriptRuntime.typeError("sum() needs an array as its first argument");
        }
        RhinoExpression inner = inner(args.length > 1 ? args[1] : null);
        SandboxContext sandbox = (SandboxContext) cx;
        if (inner != null && sandbox.sumDepth >= MAX_NESTING) {
            throw ScriptRuntime.typeError("sum() is nested too deeply");
        }
        double total = 0;
        long length = array.getLength();
        for (int i = 0; i < length; i++) {
            sandbox.charge(ELEMENT_COST);
            Object element = array.get(i, array);
            Object value = inner == null ? element : evaluate(sandbox, inner, element);
            if (value != null && !Undefined.isUndefined(value) && value != Scriptable.NOT_FOUND) {
                total += Context.toNumber(value);
            }
        }
        return total;
    }

    private RhinoExpression inner(Object expression) {
        if (expression == null || Undefined.isUndefined(expression)) {
            return null;
        }
        if (!(expression instanceof CharSequence text)) {
            throw ScriptRuntime.typeError("sum() needs the expression as a string, e.g. sum(list, 'qty * price')");
        }
        try {
            return compiler.compile(text.toString());
        } catch (ExpressionException e) {
            throw ScriptRuntime.constructError("Error", "in sum() expression: " + e.getMessage());
        }
    }

    /** A variable of the enclosing environment that the enclosing expression itself did not read. */
    private static Object outerVariable(SandboxContext cx, String name) {
        if (cx.env == null || !cx.env.containsKey(name)) {
            return RhinoExpression.unbound(name);
        }
        try {
            return JsValues.toJs(cx, cx.shared, cx.env.get(name), 0);
        } catch (ExpressionException e) {
            throw ScriptRuntime.constructError("Error", e.getMessage());
        }
    }

    /** What the variable {@code name} is for the inner expression: a key of the element, {@code it}, or an outer variable. */
    private static Object variable(SandboxContext cx, Scriptable outer, Scriptable fields, Object element, String name) {
        if (fields != null && fields.has(name, fields)) {
            return fields.get(name, fields);
        }
        if (name.equals("it")) {
            return element;
        }
        Object value = ScriptableObject.getProperty(outer, name);
        return value != Scriptable.NOT_FOUND ? value : outerVariable(cx, name);
    }

    private static Object evaluate(SandboxContext cx, RhinoExpression inner, Object element) {
        Scriptable outer = cx.scope;
        NativeObject scope = new NativeObject();
        scope.setPrototype(outer);
        scope.setParentScope(null);
        Scriptable fields = element instanceof Scriptable s && !(element instanceof NativeArray) ? s : null;
        for (String name : inner.names()) {
            Translator.Path path = inner.path(name);
            if (path != null) {
                Object variable = variable(cx, outer, fields, element, path.variable());
                scope.put(name, scope, RhinoExpression.property(cx, cx.shared, variable, path.property()));
            } else {
                scope.put(name, scope, variable(cx, outer, fields, element, name));
            }
        }
        cx.scope = scope;
        cx.sumDepth++;
        try {
            return inner.script().exec(cx, scope, scope);
        } finally {
            cx.scope = outer;
            cx.sumDepth--;
        }
    }
}
