package dev.rocket.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Whatever the text, compile and evaluate either succeed or raise ExpressionException; nothing else escapes. */
class RobustnessTest {

    static final ExpressionEngine ENGINE = ExpressionLanguageTest.ENGINE;
    static final Map<String, Object> ENV = ExpressionLanguageTest.map(
            "record", ExpressionLanguageTest.map("a", 1, "s", "x,y", "list", List.of(1, 2), "m", Map.of("k", "v"), "n", null),
            "user", Map.of("id", "u", "roles", List.of("admin")), "action", "create");

    static String outcome(String source) {
        CompiledExpression compiled;
        try {
            compiled = ENGINE.compile(source);
        } catch (ExpressionException e) {
            assertThat(e.getMessage()).as(source).isNotBlank().doesNotContain("org.mozilla").doesNotContain("Exception");
            return "refused: " + e.getMessage();
        }
        try {
            return "value: " + compiled.evaluate(ENV) + " / " + compiled.test(ENV);
        } catch (ExpressionException e) {
            assertThat(e.getMessage()).as(source).isNotBlank().doesNotContain("org.mozilla").doesNotContain("Exception");
            return "failed: " + e.getMessage();
        }
    }

    @Test
    void oddInputs() {
        for (String source : List.of("{a:1}", "[...record.list]", "record.a?.()", "record.s?.split?.(',')",
                "record.s.split(',').length", "'a' +", "@", "#", "a..b", "1 ?? 2 || 3", "import('x')", "new.target",
                "new.", "new . target", "class A {}", "async () => 1", "function*(){}", "yield 1", "<x/>", "super.x", "record.list?.[0]",
                "typeof nil", "void 0", "'\\u0041'", "\"a\\\"b\"", "0x1F + 1e3", "10n", "record.a.toString(2)",
                "record.m.k.constructor", "`${`${record.a}`}`", "`unterminated", "'unterminated", "record.n.x.y()",
                "record.a()", "record.s.trim()()", "[,,]", "({})", "({'a': 1, 2: 'b'}).a", "({[record.s]: 1})",
                "({get x() { return 1 }})", "({x() {}})", "nil.x", "undefined.x", "NaN == NaN", "Infinity > 1",
                "user.roles.sort().reverse().join()", "record.list.flat()", "JSON.stringify(record)",
                "JSON.parse('{\"a\":1}').a", "Number.isInteger(record.a)", "Array.isArray(record.list)",
                "Math.pow(2, 2000)", "isNaN('x') && isFinite(1)", "parseInt('12px') + parseFloat('1.5')",
                "not", "and", "a or", "not in", "x not in", "record.a not in [1]", "in in in", "sum()", "sum(1, 2)",
                "sum(record.list, 1)", "sum(record.list, 'it +')", "len()", "len(1, 2)", "min()", "max(record.list)",
                "upper(nil)", "values(record.m)", "Date()", "new Date", "new Date('garbage')", "Date.parse('x')",
                "Date.UTC(2024, 0, 1)", "new Date(record.a).toISOString()", "String(Symbol)", "record['__proto__']",
                "record[['constructor']]", "user.roles[0]['length']", "'abc'[1]", "-record.s", "+record.s", "~record.a",
                "record.a ** -1", "(record.a)", "((((record.a))))", "'\\x00'.length", "record.s.at(-1)",
                "record.s.replace(',', record.s)", "record.s.concat(record.s, 'z')", "record.s.normalize('NFC')",
                "'x'.localeCompare('y')", "record.list.indexOf(2)", "record.list.slice(1).concat([3])")) {
            outcome(source);
        }
        assertThat(outcome("{a:1}")).startsWith("refused:");
        assertThat(outcome("1 ?? 2 || 3")).startsWith("refused:");
        assertThat(outcome("record.a()")).startsWith("refused:");
        assertThat(outcome("Math.pow(2, 2000)")).isEqualTo("value: null / true");
    }

    @Test
    void randomTokenSoup() {
        String[] tokens = {"record", ".", "a", "s", "list", "(", ")", "[", "]", "{", "}", "'x'", "\"y\"", "`", "${",
            "1", "0", "-", "+", "*", "/", "%", "==", "!=", "===", "<", ">=", "&&", "||", "!", "?", ":", "?.", ",",
            "and", "or", "not", "in", "nil", "len", "sum", "Date", "new", "now", "=", "=>", "function", "this", " ",
            "user", "roles", "includes", "constructor", "__g", ";", "\\", "\n", "null", "undefined", "typeof"};
        Random random = new Random(42);
        for (int i = 0; i < 3_000; i++) {
            StringBuilder source = new StringBuilder();
            int length = 1 + random.nextInt(14);
            for (int t = 0; t < length; t++) {
                source.append(tokens[random.nextInt(tokens.length)]);
            }
            outcome(source.toString());
        }
    }
}
