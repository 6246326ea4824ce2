package dev.rocket.expr;

import static dev.rocket.expr.ExpressionLanguageTest.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.mozilla.javascript.Context;

/** Several expressions over one environment: the values bound once, the limits per expression, nothing shared after. */
class BindingsTest {

    static final ExpressionEngine ENGINE = ExpressionLanguageTest.ENGINE;

    @Test
    void expressionsOfOneBindingAgreeWithSeparateEvaluations() throws Exception {
        Map<String, Object> env = map("record", map("price", 12.5, "qty", 3, "name", "lamp", "tags", List.of("b", "a", "c")),
                "user", map("id", "u1", "roles", List.of("admin")), "action", "create");
        List<String> sources = List.of("record.price != nil && record.price < 0", "len(record.name) > 200",
                "round(record.price * record.qty * 100) / 100", "'admin' in user.roles", "record.tags", "record",
                "action == 'create' ? missing : 1", "typeof Math.max", "sum(record.tags, 'len(it)')");
        try (Bindings bindings = new Bindings(env)) {
            for (String source : sources) {
                CompiledExpression e = ENGINE.compile(source);
                assertThat(e.evaluate(bindings)).as(source).isEqualTo(e.evaluate(env));
                assertThat(e.test(bindings)).as(source).isEqualTo(e.test(env));
            }
        }
        assertThat(Context.getCurrentContext()).as("the sandbox is left on close").isNull();
    }

    @Test
    void noExpressionChangesWhatTheNextOneSees() throws Exception {
        Map<String, Object> env = map("record", map("tags", List.of("b", "a", "c")));
        try (Bindings bindings = new Bindings(env)) {
            assertThat(ENGINE.compile("record.tags.sort()").evaluate(bindings)).isEqualTo(List.of("a", "b", "c"));
            assertThat(ENGINE.compile("record.tags.reverse()").evaluate(bindings)).isEqualTo(List.of("c", "a", "b"));
            assertThat(ENGINE.compile("record.tags").evaluate(bindings)).isEqualTo(List.of("b", "a", "c"));
        }
        // within one expression too: sort() and reverse() return copies
        assertThat(ExpressionLanguageTest.eval("[record.tags.sort()[0], record.tags[0], record.tags.reverse()[0]]", env))
                .isEqualTo(List.of("a", "b", "c"));
        assertThat(ExpressionLanguageTest.eval("record.missing.sort()", env)).isNull();
        assertThatThrownBy(() -> ExpressionLanguageTest.eval("record.tags[0].sort()", env))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("sort() needs an array");
        assertThatThrownBy(() -> ENGINE.compile("record.tags['sort']()"))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("call sort as list.sort()");
    }

    @Test
    void aChangedVariableIsReadAgain() throws Exception {
        Map<String, Object> record = map("price", 2, "qty", 3);
        try (Bindings bindings = new Bindings(map("record", record))) {
            CompiledExpression total = ENGINE.compile("record.total");
            assertThat(total.evaluate(bindings)).isNull();
            record.put("total", 6);
            bindings.changed("record");
            assertThat(total.evaluate(bindings)).isEqualTo(6L);
            assertThat(ENGINE.compile("record.price * record.qty == record.total").test(bindings)).isTrue();
        }
    }

    @Test
    void aMapReadByPropertyThenWholeIsTheWholeMap() throws Exception {
        Map<String, Object> record = map("a", 1, "b", 2, "c", map("d", List.of(3, 4)), "n", null);
        Map<String, Object> env = map("record", record, "lines", List.of(map("q", 2), map("q", 3)));
        List<String> sources = List.of("record.a", "record.missing", "record.n == nil", "'b' in record", "keys(record)",
                "record.c.d", "JSON.stringify(record)", "record.b", "len(record)", "record.toString()",
                "sum(lines, 'q * record.b')", "record == record", "record.a + record.b");
        // every order of first reads: by property, whole, through sum()
        for (int first = 0; first < sources.size(); first++) {
            try (Bindings bindings = new Bindings(env)) {
                for (int i = 0; i < sources.size(); i++) {
                    String source = sources.get((first + i) % sources.size());
                    CompiledExpression e = ENGINE.compile(source);
                    assertThat(e.evaluate(bindings)).as(source + " after " + sources.get(first)).isEqualTo(e.evaluate(env));
                }
            }
        }
        // an expression that reads a property and calls sum() whose inner expression reads another one
        try (Bindings bindings = new Bindings(env)) {
            assertThat(ENGINE.compile("record.a").evaluate(bindings)).isEqualTo(1L);
            assertThat(ENGINE.compile("record.a + sum(lines, 'q * record.b')").evaluate(bindings)).isEqualTo(11L);
        }
        try (Bindings bindings = new Bindings(env)) {
            assertThat(ENGINE.compile("record.a + sum(lines, 'q * record.b')").evaluate(bindings)).isEqualTo(11L);
            assertThat(ENGINE.compile("keys(record)").evaluate(bindings)).isEqualTo(List.of("a", "b", "c", "n"));
        }
        Translator.Result t = Translator.translate(new org.mozilla.javascript.Parser().parse(
                "record.a > 1 && len(record.b) > 0 && old.a == record.c && user.roles.includes('x') && keys(old)", "t", 1));
        assertThat(t.paths().values()).containsExactlyInAnyOrder(new Translator.Path("record", "a"),
                new Translator.Path("record", "b"), new Translator.Path("record", "c"), new Translator.Path("user", "roles"));
        assertThat(t.names()).as("old is read whole (keys())")
                .containsExactlyInAnyOrder("old", "__p4_user_roles", "__p6_record_a", "__p6_record_b", "__p6_record_c");
        assertThat(t.javaScript()).contains("__p6_record_a", "old?.a", "__p4_user_roles?.includes(\"x\")")
                .doesNotContain("record?.");
        Translator.Result called = Translator.translate(new org.mozilla.javascript.Parser().parse(
                "text.toUpperCase() == text.trim", "t", 1));
        assertThat(called.paths()).as("a method called on a variable needs the variable itself").isEmpty();
        assertThat(called.names()).containsExactly("text");
    }

    @Test
    void aPropertyReadAloneIsWhatItIsOfTheWholeValue() throws Exception {
        // each read is bound alone; it must equal the same read of the whole value, whatever the value is
        Map<String, Object> env = new java.util.HashMap<>(map("text", "lamp", "list", List.of(1, 2), "n", 5, "flag", true,
                "nothing", null, "record", map("a", 1, "n", null)));
        List<String> sources = List.of("text.length", "list.length", "typeof n.toFixed", "flag.x", "nothing.a", "absent.a",
                "record.a", "record.n", "record.missing", "typeof record.toString", "typeof text.toUpperCase",
                "now.length", "record.a == record.a", "text.length + list.length + record.a",
                "sum(list, 'it * record.a')", "sum([record], 'it.a + record.a')", "sum([{a: 7}], 'a + it.a')");
        for (String source : sources) {
            Object whole = ExpressionLanguageTest.eval(source.replaceAll("\\b(text|list|n|flag|nothing|absent|record|now|it)\\.", "($1)."),
                    env);
            try (Bindings bindings = new Bindings(env)) {
                assertThat(ENGINE.compile(source).evaluate(bindings)).as(source).isEqualTo(whole);
            }
            assertThat(ENGINE.compile(source).evaluate(env)).as(source + " without bindings").isEqualTo(whole);
        }
    }

    @Test
    void aPropertyReadOfAVariableThatChangedIsReadAgain() throws Exception {
        Map<String, Object> record = map("price", 2, "qty", 3);
        try (Bindings bindings = new Bindings(map("record", record))) {
            assertThat(ENGINE.compile("record.price * record.qty").evaluate(bindings)).isEqualTo(6L);
            record.put("price", 5);
            bindings.changed("record");
            assertThat(ENGINE.compile("record.price * record.qty").evaluate(bindings)).isEqualTo(15L);
            assertThat(ENGINE.compile("record.price").evaluate(bindings)).isEqualTo(5L);
        }
    }

    @Test
    void everyExpressionHasItsOwnBudget() throws Exception {
        ExpressionEngine small = new ExpressionEngine(30_000, 10_000);
        List<Object> lines = new ArrayList<>(Collections.nCopies(2_000, map("qty", 1)));
        CompiledExpression e = small.compile("sum(lines, 'qty')");
        try (Bindings bindings = new Bindings(map("lines", lines))) {
            for (int i = 0; i < 5; i++) { // each uses most of the budget; together they would exceed it
                assertThat(e.evaluate(bindings)).isEqualTo(2_000L);
            }
            assertThatThrownBy(() -> small.compile("sum(lines, 'qty') + sum(lines, 'qty')").evaluate(bindings))
                    .isInstanceOf(ExpressionException.class).hasMessageContaining("instruction limit");
            assertThat(e.evaluate(bindings)).as("a failed expression leaves the bindings usable").isEqualTo(2_000L);
        }
    }

    @Test
    void bindingsOfAnotherEngineOrClosedOnesStillEvaluate() throws Exception {
        ExpressionEngine other = new ExpressionEngine();
        Map<String, Object> env = map("x", 2);
        Bindings bindings = new Bindings(env);
        assertThat(ENGINE.compile("x * 2").evaluate(bindings)).isEqualTo(4L);
        assertThat(other.compile("x * 3").evaluate(bindings)).isEqualTo(6L);
        bindings.close();
        bindings.close();
        assertThat(Context.getCurrentContext()).isNull();
        assertThat(ENGINE.compile("x * 5").evaluate(bindings)).isEqualTo(10L);
        assertThat(Context.getCurrentContext()).isNull();
    }
}
