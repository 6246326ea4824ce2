package dev.rocket.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.EvaluatorException;
import org.mozilla.javascript.NativeObject;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/** Nothing an expression does may reach Java, mutate shared state, or run unbounded. */
class SandboxTest {

    static final ExpressionEngine ENGINE = ExpressionLanguageTest.ENGINE;

    static Map<String, Object> env() {
        return ExpressionLanguageTest.map("record", ExpressionLanguageTest.map("a", 1, "k", "constructor"));
    }

    static void refusedAtCompile(String source, String message) {
        assertThatThrownBy(() -> ENGINE.compile(source)).as(source)
                .isInstanceOf(ExpressionException.class).hasMessageContaining(message);
    }

    static void stoppedAtRun(ExpressionEngine engine, String source, Map<String, Object> env, String message)
            throws ExpressionException {
        CompiledExpression e = engine.compile(source);
        assertThatThrownBy(() -> e.evaluate(env)).as(source)
                .isInstanceOf(ExpressionException.class).hasMessageContaining(message);
    }

    @Test
    void javaIsUnreachable() {
        refusedAtCompile("java.lang.System.exit(0)", "'java' is not available in expressions");
        refusedAtCompile("Packages.java.lang.System", "'Packages' is not available in expressions");
        refusedAtCompile("java.lang.Runtime.getRuntime().exec('ls')", "'java' is not available");
        refusedAtCompile("record.getClass()", "method 'getClass' is not available");
        refusedAtCompile("importClass(java.io.File)", "'importClass' is not available");
        refusedAtCompile("JavaAdapter", "'JavaAdapter' is not available");
        refusedAtCompile("record.a.exit(0)", "method 'exit' is not available");
    }

    @Test
    void codeGenerationIsUnreachable() throws Exception {
        refusedAtCompile("this.constructor.constructor('return this')()", "only named functions and methods can be called");
        refusedAtCompile("this.constructor", "'this' is not allowed");
        refusedAtCompile("''.constructor.constructor('return this')", "access to property 'constructor' is not allowed");
        refusedAtCompile("record['constructor']", "access to property 'constructor' is not allowed");
        refusedAtCompile("record.__proto__", "access to property '__proto__' is not allowed");
        refusedAtCompile("record.__parent__", "access to property '__parent__' is not allowed");
        refusedAtCompile("eval('1')", "'eval' is not available");
        refusedAtCompile("Function('return 1')", "'Function' is not available");
        refusedAtCompile("new Function('return this')", "'new' is only allowed with Date");
        refusedAtCompile("Object.getPrototypeOf(record)", "'Object' is not available");
        refusedAtCompile("__eq(1, 1)", "names starting with '__' are reserved");
        refusedAtCompile("`${this}`", "'this' is not allowed");
        refusedAtCompile("({__proto__: 1})", "access to property '__proto__' is not allowed");
        // a computed key is checked when the expression runs
        stoppedAtRun(ENGINE, "record[record.k]", env(), "access to property 'constructor' is not allowed");
        stoppedAtRun(ENGINE, "record['__pro' + 'to__']", env(), "access to property '__proto__' is not allowed");
        stoppedAtRun(ENGINE, "record.k[record.k][record.k]", env(), "access to property 'constructor' is not allowed");
        // a method reached by a computed key cannot be called, and reading it gives nothing
        refusedAtCompile("record.k[record.k]('x')", "only named functions and methods can be called");
        assertThat(ENGINE.compile("record.k['to' + 'String']").evaluate(env())).isNull();
    }

    @Test
    void statementsAndSideEffectsAreRefused() {
        refusedAtCompile("while(true){}", "loops are not allowed");
        refusedAtCompile("for (;;) {}", "loops are not allowed");
        refusedAtCompile("(function(){while(true){}})()", "functions are not allowed");
        refusedAtCompile("(() => 1)()", "functions are not allowed");
        refusedAtCompile("record.list.map(x => x * 2)", "method 'map' is not available");
        refusedAtCompile("len(x => x * 2)", "functions are not allowed");
        refusedAtCompile("x = 1", "assignment is not allowed");
        refusedAtCompile("record.a = 1", "assignment is not allowed");
        refusedAtCompile("record.a += 1", "assignment is not allowed");
        refusedAtCompile("record.a++", "assignment is not allowed");
        refusedAtCompile("--record.a", "assignment is not allowed");
        refusedAtCompile("delete record.a", "delete is not allowed");
        refusedAtCompile("var x = 1", "variable declarations are not allowed");
        refusedAtCompile("let x = 1", "not allowed");
        refusedAtCompile("1; 2", "only a single expression is allowed");
        refusedAtCompile("if (record) 1", "statements are not allowed");
        refusedAtCompile("(1, 2)", "the comma operator is not allowed");
        refusedAtCompile("/a+/.test(record.s)", "regular expressions are not supported");
        refusedAtCompile("new Array(5)", "'new' is only allowed with Date");
        refusedAtCompile("'x'.repeat(1e9)", "method 'repeat' is not available");
        refusedAtCompile("'x'.padStart(1e9)", "method 'padStart' is not available");
        refusedAtCompile("'aaa'.match('(a+)+$')", "method 'match' is not available");
        refusedAtCompile("record instanceof Date", "'instanceof' is not supported");
        refusedAtCompile("foo(1)", "unknown function 'foo'");
        refusedAtCompile("record.a(", "syntax error");
        refusedAtCompile("record.a record.b", "syntax error");
        refusedAtCompile("", "expression is empty");
        refusedAtCompile("   ", "expression is empty");
    }

    @Test
    void oversizedAndDeeplyNestedSourcesAreRefusedQuickly() {
        String huge = "1 + ".repeat(262_144) + "1"; // 1 MB
        long start = System.nanoTime();
        refusedAtCompile(huge, "expression is too long (1048577 characters; at most 10000 are allowed)");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
        refusedAtCompile("(".repeat(3000) + "1" + ")".repeat(3000), "nested too deeply");
        refusedAtCompile("[".repeat(3000) + "]".repeat(3000), "nested too deeply");
        refusedAtCompile("!".repeat(9000) + "x", "nested too deeply");
        refusedAtCompile("-".repeat(4000) + "x", "");
        refusedAtCompile("record" + ".a".repeat(4000), "nested too deeply");
        refusedAtCompile("1" + " + 1".repeat(2000), "nested too deeply");
        refusedAtCompile("x ? 1 : ".repeat(1200) + "0", "nested too deeply");
    }

    @Test
    void runawayEvaluationIsStopped() throws Exception {
        List<Object> lines = new ArrayList<>(Collections.nCopies(200_000, ExpressionLanguageTest.map("qty", 1, "price", 2)));
        Map<String, Object> env = ExpressionLanguageTest.map("lines", lines, "e", "sum(l, e)", "l", List.of(Map.of()));
        stoppedAtRun(new ExpressionEngine(10_000, 10_000), "sum(lines, 'qty * price')", env,
                "expression exceeded its instruction limit");
        stoppedAtRun(new ExpressionEngine(Long.MAX_VALUE, 1), "sum(lines, 'qty * price') + sum(lines, 'qty')", env,
                "expression exceeded its time limit");
        // recursion driven by data: the inner expression calls sum() with itself
        stoppedAtRun(ENGINE, "sum(l, e)", env, "sum() is nested too deeply");
        // the default instruction budget lets a large but finite job finish (the time limit is raised here: the
        // default 50 ms is wall-clock time, which a loaded test machine may spend elsewhere)
        ExpressionEngine defaultBudget = new ExpressionEngine(ExpressionEngine.DEFAULT_MAX_INSTRUCTIONS, 10_000);
        assertThat(defaultBudget.compile("sum(lines, 'qty * price')").evaluate(
                Map.of("lines", lines.subList(0, 2_000)))).isEqualTo(4_000L);
        // and the JVM and the engine carry on
        assertThat(ENGINE.compile("1 + 1").evaluate(Map.of())).isEqualTo(2L);
    }

    @Test
    void javaObjectsInTheEnvironmentArriveAsText() throws Exception {
        Map<String, Object> env = ExpressionLanguageTest.map("x", Thread.currentThread(), "y", new Object[] {1, "a"},
                "z", java.util.UUID.fromString("00000000-0000-0000-0000-000000000001"));
        assertThat(ENGINE.compile("typeof x").evaluate(env)).isEqualTo("string");
        assertThat(ENGINE.compile("y").evaluate(env)).isEqualTo(List.of(1L, "a"));
        assertThat(ENGINE.compile("z").evaluate(env)).isEqualTo("00000000-0000-0000-0000-000000000001");
    }

    @Test
    void sharedScopeIsSealedAndStripped() {
        Scriptable shared = ENGINE.sharedScope();
        assertThat(((ScriptableObject) shared).isSealed()).isTrue();
        for (String name : List.of("java", "javax", "Packages", "JavaAdapter", "JavaImporter", "importClass",
                "importPackage", "getClass", "eval", "uneval", "load", "print", "quit", "globalThis", "Reflect", "Proxy")) {
            assertThat(ScriptableObject.hasProperty(shared, name)).as(name).isFalse();
        }
        assertThat(ScriptableObject.hasProperty(shared, "__eq")).isTrue();
        assertThatThrownBy(() -> ScriptableObject.putProperty(shared, "x", 1)).isInstanceOf(EvaluatorException.class);
    }

    /** Below the translator: raw JavaScript on a sandbox context still cannot escape or run away. */
    @Test
    void rawJavaScriptOnTheSandboxContext() throws Exception {
        assertThat(raw("typeof java + typeof Packages + typeof eval + typeof load + typeof print"))
                .isEqualTo("undefinedundefinedundefinedundefinedundefined");
        Object global = raw("this.constructor.constructor('return this')()");
        assertThat(global).isSameAs(ENGINE.sharedScope()); // the sealed shared scope: no Java, not writable
        assertThatThrownBy(() -> raw("this.constructor.constructor('return this')().x = 1"))
                .isInstanceOf(EvaluatorException.class);
        assertThatThrownBy(() -> raw("Array.prototype.includes = null")).isInstanceOf(EvaluatorException.class);
        assertThatThrownBy(() -> raw("while(true){}")).isInstanceOf(SandboxContext.LimitExceeded.class);
        assertThatThrownBy(() -> raw("(function f(){ return 1 + f(); })()")).isInstanceOf(EvaluatorException.class)
                .hasMessageContaining("Exceeded maximum stack depth");
    }

    private static Object raw(String js) throws Exception {
        Sandbox sandbox = new Sandbox();
        SandboxContext cx = sandbox.enterSandbox();
        try {
            cx.arm(1_000_000, TimeUnit.SECONDS.toNanos(5));
            NativeObject scope = new NativeObject();
            scope.setPrototype(ENGINE.sharedScope());
            scope.setParentScope(null);
            Object result = cx.evaluateString(scope, js, "raw", 1, null);
            return result instanceof CharSequence s ? s.toString() : result;
        } finally {
            Context.exit();
        }
    }
}
