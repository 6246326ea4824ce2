package dev.rocket.expr;

import java.util.Set;

import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;
import org.mozilla.javascript.NativeArray;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.TopLevel;
import org.mozilla.javascript.WrapFactory;
import org.mozilla.javascript.lc.type.TypeInfo;

/**
 * The Rhino configuration: a context factory whose contexts run interpreted ES6 with every Java
 * class shut out, no Java wrapping, a bounded interpreter stack and an instruction observer that
 * enforces the per-evaluation instruction budget and deadline; and the shared, sealed top-level
 * scope holding the standard objects and the prelude.
 */
final class Sandbox extends ContextFactory {

    static final int OBSERVER_THRESHOLD = 10_000;
    static final int MAX_STACK_DEPTH = 256;

    /**
     * Standard globals kept in the shared scope. Rhino resolves some of them by name internally
     * ({@code Object}, {@code Function}, the error constructors); expressions still cannot name
     * anything outside {@link Names#GLOBALS}, because every other free name is bound per evaluation.
     */
    private static final Set<String> KEPT = Set.of(
            "Object", "Function", "Array", "String", "Number", "Boolean", "Date", "Math", "JSON", "RegExp",
            "Symbol", "Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError",
            "URIError", "InternalError", "AggregateError", "NaN", "Infinity", "undefined",
            "parseInt", "parseFloat", "isNaN", "isFinite");

    private static final WrapFactory NO_JAVA = new WrapFactory() {
        @Override
        public Scriptable wrapAsJavaObject(Context cx, Scriptable scope, Object javaObject, TypeInfo staticType) {
            throw new SecurityException("Java objects are not available to expressions");
        }

        @Override
        public Scriptable wrapJavaClass(Context cx, Scriptable scope, Class<?> javaClass) {
            throw new SecurityException("Java classes are not available to expressions");
        }
    };

    private ScriptableObject shared;

    Sandbox() {
        NO_JAVA.setJavaPrimitiveWrap(false);
    }

    @Override
    protected Context makeContext() {
        SandboxContext cx = new SandboxContext(this);
        cx.setLanguageVersion(Context.VERSION_ECMASCRIPT);
        cx.setInterpretedMode(true);
        cx.setClassShutter(className -> false);
        cx.setWrapFactory(NO_JAVA);
        cx.setInstructionObserverThreshold(OBSERVER_THRESHOLD);
        cx.setMaximumInterpreterStackDepth(MAX_STACK_DEPTH);
        cx.setGeneratingDebug(false);
        return cx;
    }

    @Override
    protected boolean hasFeature(Context cx, int featureIndex) {
        return switch (featureIndex) {
            case Context.FEATURE_E4X, Context.FEATURE_ENHANCED_JAVA_ACCESS, Context.FEATURE_DYNAMIC_SCOPE -> false;
            default -> super.hasFeature(cx, featureIndex);
        };
    }

    @Override
    protected void observeInstructionCount(Context cx, int instructionCount) {
        ((SandboxContext) cx).charge(instructionCount);
    }

    /** Enters a context of this factory on the current thread; pair with {@link Context#exit()}. */
    SandboxContext enterSandbox() throws ExpressionException {
        Context current = Context.getCurrentContext();
        if (current != null && !(current instanceof SandboxContext)) {
            throw new ExpressionException("expressions cannot be evaluated inside another script");
        }
        return (SandboxContext) enterContext();
    }

    /**
     * Touches every kept global and every whitelisted method on the standard prototypes, so that
     * Rhino's lazily created constructors and properties exist before the scope is sealed and
     * shared between threads (afterwards it is only ever read).
     */
    private static void materialise(Context cx, ScriptableObject top) {
        for (String name : KEPT) {
            ScriptableObject.getProperty(top, name);
        }
        Object samples = cx.evaluateString(top,
                "['', 0, true, new Date(0), [], {}, Math, JSON, Number, String, Array, Date, Boolean, Object]",
                "init", 1, null);
        NativeArray list = (NativeArray) samples;
        for (int i = 0; i < list.getLength(); i++) {
            Scriptable sample = ScriptRuntime.toObject(cx, top, list.get(i, list));
            for (String method : Names.methods()) {
                ScriptableObject.getProperty(sample, method);
            }
            ScriptableObject.getProperty(sample, "length");
        }
    }

    /** Builds the shared scope once: standard objects, prelude, {@code __sum}; then strips and seals it. */
    synchronized ScriptableObject shared(SumFunction sum) throws ExpressionException {
        if (shared != null) {
            return shared;
        }
        SandboxContext cx = enterSandbox();
        try {
            cx.arm(Long.MAX_VALUE, Long.MAX_VALUE / 4);
            TopLevel top = new TopLevel();
            cx.initSafeStandardObjects(top, true);
            materialise(cx, top);
            cx.evaluateString(top, Prelude.SOURCE, "prelude", 1, null);
            sum.setPrototype(ScriptableObject.getFunctionPrototype(top));
            sum.setParentScope(top);
            ScriptableObject.defineProperty(top, "__sum", sum,
                    ScriptableObject.READONLY | ScriptableObject.DONTENUM | ScriptableObject.PERMANENT);
            for (Object id : top.getAllIds()) {
                if (id instanceof String name && !KEPT.contains(name) && !name.startsWith("__")) {
                    top.delete(name);
                }
            }
            top.sealObject();
            shared = top;
            return top;
        } finally {
            Context.exit();
        }
    }
}
