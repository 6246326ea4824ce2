package dev.rocket.expr;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.mozilla.javascript.CompilerEnvirons;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.EvaluatorException;
import org.mozilla.javascript.Parser;
import org.mozilla.javascript.RhinoException;
import org.mozilla.javascript.Script;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.ast.AstRoot;

/**
 * Compiles the rule/guard/condition expression language (docs/rules.md#the-expression-language: expr-lang and JavaScript
 * syntax in one dialect) into sandboxed, interpreted Rhino scripts. Thread-safe; one per JVM is enough.
 *
 * <p>Compilation: size and nesting checks and the expr-lang keyword pre-pass ({@link Dialect}),
 * Rhino's parser, a whitelisting rewrite into safe JavaScript ({@link Translator}), then one
 * compilation to a {@link Script}. Compiled expressions are cached by source text.
 *
 * <p>Evaluation: a fresh scope per call over the shared sealed scope ({@link Sandbox}), bounded by
 * an instruction budget and a wall-clock deadline.
 */
public final class ExpressionEngine {

    public static final long DEFAULT_MAX_INSTRUCTIONS = 2_000_000;
    public static final long DEFAULT_TIMEOUT_MILLIS = 50;

    private static final int CACHE_LIMIT = 4096;

    private final long maxInstructions;
    private final long timeoutNanos;
    private final Sandbox sandbox = new Sandbox();
    private final ScriptableObject shared;
    private final Map<String, RhinoExpression> cache = new ConcurrentHashMap<>();

    public ExpressionEngine() {
        this(DEFAULT_MAX_INSTRUCTIONS, DEFAULT_TIMEOUT_MILLIS);
    }

    public ExpressionEngine(long maxInstructions, long timeoutMillis) {
        if (maxInstructions <= 0 || timeoutMillis <= 0) {
            throw new IllegalArgumentException("expression limits must be positive");
        }
        this.maxInstructions = maxInstructions;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            this.shared = sandbox.shared(new SumFunction(this::compileInternal));
        } catch (ExpressionException e) {
            throw new IllegalStateException("expression sandbox could not be initialised: " + e.getMessage(), e);
        }
    }

    /** The shared sealed scope (for tests). */
    Scriptable sharedScope() {
        return shared;
    }

    /** Compiles {@code source}; a syntax error or a forbidden construct raises {@link ExpressionException}. */
    public CompiledExpression compile(String source) throws ExpressionException {
        return compileInternal(source);
    }

    private RhinoExpression compileInternal(String source) throws ExpressionException {
        RhinoExpression cached = source == null ? null : cache.get(source);
        if (cached != null) {
            return cached;
        }
        RhinoExpression compiled = translateAndCompile(source);
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        cache.put(source, compiled);
        return compiled;
    }

    private RhinoExpression translateAndCompile(String source) throws ExpressionException {
        String javaScript = Dialect.toJavaScript(source);
        SandboxContext cx = sandbox.enterSandbox();
        try {
            Translator.Result translated = Translator.translate(parse(javaScript));
            Script script = cx.compileString(translated.javaScript(), "expression", 1, null);
            return new RhinoExpression(source, translated, script, new RhinoExpression.Evaluator() {
                        @Override
                        public Object run(RhinoExpression expression, Map<String, Object> env, boolean convert)
                                throws ExpressionException {
                            return ExpressionEngine.this.run(expression, env, convert);
                        }

                        @Override
                        public Object run(RhinoExpression expression, Bindings bindings, boolean convert)
                                throws ExpressionException {
                            return ExpressionEngine.this.run(expression, bindings, convert);
                        }
                    });
        } catch (EvaluatorException e) {
            throw new ExpressionException(syntaxMessage(e), e);
        } catch (StackOverflowError e) {
            throw new ExpressionException("expression is nested too deeply");
        } finally {
            Context.exit();
        }
    }

    private static AstRoot parse(String javaScript) throws ExpressionException {
        try {
            return newParser().parse(javaScript, "expression", 1);
        } catch (EvaluatorException e) {
            throw e;
        } catch (IllegalStateException | IllegalArgumentException | ClassCastException e) {
            // Rhino's parser trips its internal assertions on some malformed input
            throw new ExpressionException("syntax error: invalid expression", e);
        }
    }

    private static Parser newParser() {
        CompilerEnvirons env = new CompilerEnvirons();
        env.setLanguageVersion(Context.VERSION_ECMASCRIPT);
        env.setStrictMode(false);
        env.setRecordingComments(false);
        env.setRecordingLocalJsDocComments(false);
        env.setIdeMode(false);
        return new Parser(env);
    }

    private static String syntaxMessage(EvaluatorException e) {
        String details = e.details();
        if (details != null && details.startsWith("Too deep recursion")) {
            return "expression is nested too deeply";
        }
        if (details == null || details.isBlank() || details.equals("syntax error")) {
            details = "invalid expression";
        } else if (details.startsWith("missing ; before statement")) {
            details = "unexpected token (an operator is missing)";
        }
        return "syntax error: " + details + (e.columnNumber() > 0 ? " (at column " + e.columnNumber() + ")" : "");
    }

    private Object run(RhinoExpression expression, Map<String, Object> env, boolean convert) throws ExpressionException {
        SandboxContext cx = sandbox.enterSandbox();
        try {
            return exec(cx, expression, null, env, convert);
        } finally {
            Context.exit();
        }
    }

    private Object run(RhinoExpression expression, Bindings bindings, boolean convert) throws ExpressionException {
        if (!bindings.usable(this)) {
            return run(expression, bindings.env(), convert);
        }
        return exec(bindings.enter(this, sandbox, shared), expression, bindings, bindings.env(), convert);
    }

    /** Binds the expression's variables (from {@code bindings} when given, else afresh from {@code env}) and runs it. */
    private Object exec(SandboxContext cx, RhinoExpression expression, Bindings bindings, Map<String, Object> env,
                        boolean convert) throws ExpressionException {
        try {
            Scriptable scope = bindings != null ? bindings.scopeFor(expression) : expression.bind(cx, shared, env);
            cx.arm(maxInstructions, timeoutNanos);
            cx.scope = scope;
            cx.env = env;
            cx.shared = shared;
            Object result = expression.script().exec(cx, scope, scope);
            return convert ? JsValues.toJava(result, 0) : Context.toBoolean(result);
        } catch (SandboxContext.LimitExceeded e) {
            throw new ExpressionException(e.getMessage());
        } catch (RhinoException e) {
            throw new ExpressionException(RuntimeErrors.message(e), e);
        } catch (StackOverflowError e) {
            throw new ExpressionException("expression is nested too deeply");
        } finally {
            cx.scope = null;
            cx.env = null;
        }
    }
}
