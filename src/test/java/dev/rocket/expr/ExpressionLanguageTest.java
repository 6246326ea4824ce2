package dev.rocket.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** SPEC §7.5: both dialects, the equality/ordering rules, functions, null-safe member access. */
class ExpressionLanguageTest {

    static final ExpressionEngine ENGINE = new ExpressionEngine();

    static Object eval(String source, Map<String, Object> env) throws ExpressionException {
        return ENGINE.compile(source).evaluate(env);
    }

    static boolean test(String source, Map<String, Object> env) throws ExpressionException {
        return ENGINE.compile(source).test(env);
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Map<String, Object> record(Object... kv) {
        return map("record", map(kv));
    }

    @Test
    void exprLangDialect() throws Exception {
        Map<String, Object> env = map(
                "record", map("state", "done", "closed_on", null),
                "related", map("items", List.of(1, 2)),
                "user", map("id", "u1", "roles", List.of("admin", "clerk")));
        assertThat(test("record.state == 'done' && record.closed_on == nil", env)).isTrue();
        assertThat(test("record.state == 'done' and record.closed_on == nil", env)).isTrue();
        assertThat(test("len(related.items) > 0", env)).isTrue();
        assertThat(test("'admin' in user.roles", env)).isTrue();
        assertThat(test("'root' in user.roles", env)).isFalse();
        assertThat(test("'root' not in user.roles", env)).isTrue();
        assertThat(test("not ('admin' in user.roles)", env)).isFalse();
        assertThat(test("record.state == 'open' or len(related.items) == 2", env)).isTrue();
        assertThat(test("not record.closed_on", env)).isTrue();
    }

    @Test
    void javaScriptDialect() throws Exception {
        Map<String, Object> env = map("action", "create",
                "record", map("start_date", "2024-01-01", "end_date", "2024-01-31", "tags", List.of("x", "y")));
        assertThat(test("action === 'create'", env)).isTrue();
        assertThat(test("action !== 'create'", env)).isFalse();
        assertThat(test("new Date(record.end_date) >= new Date(record.start_date)", env)).isTrue();
        assertThat(test("new Date(record.start_date) >= new Date(record.end_date)", env)).isFalse();
        assertThat(test("record.tags.includes('x')", env)).isTrue();
        assertThat(test("record.tags.includes('z')", env)).isFalse();
        assertThat(test("record?.missing?.deeper === undefined", env)).isTrue();
        assertThat(eval("record.tags.length", env)).isEqualTo(2L);
        assertThat(eval("record.tags.join('-')", env)).isEqualTo("x-y");
    }

    @Test
    void nilMatchesMissingAndNull() throws Exception {
        Map<String, Object> env = record("a", null, "b", 0, "c", "");
        assertThat(test("record.a == nil", env)).isTrue();
        assertThat(test("record.missing == nil", env)).isTrue();
        assertThat(test("record.missing == null", env)).isTrue();
        assertThat(test("record.a === null", env)).isTrue();
        assertThat(test("record.missing === null", env)).isTrue();
        assertThat(test("record.missing === undefined", env)).isTrue();
        assertThat(test("record.b == nil", env)).isFalse();
        assertThat(test("record.c == nil", env)).isFalse();
        assertThat(test("record.b != nil", env)).isTrue();
        assertThat(test("record.a != nil", env)).isFalse();
        assertThat(test("old == nil", map("old", null))).isTrue();
        assertThat(test("old == nil", map())).isTrue();
        assertThat(test("record.a == record.missing", env)).isTrue();
    }

    @Test
    void looseEqualityComparesNumbersWithNumericStrings() throws Exception {
        Map<String, Object> env = record("n", 5, "s", "5", "d", new BigDecimal("5.00"), "l", 5L, "t", "abc", "b", true);
        assertThat(test("record.n == '5'", env)).isTrue();
        assertThat(test("record.s == 5", env)).isTrue();
        assertThat(test("record.d == record.n", env)).isTrue();
        assertThat(test("record.l == 5.0", env)).isTrue();
        assertThat(test("record.s == ' 5 '", env)).isFalse(); // two strings: same value required
        assertThat(test("record.n == ' 5 '", env)).isTrue();
        assertThat(test("record.n == ''", env)).isFalse();
        assertThat(test("record.t == 0", env)).isFalse();
        assertThat(test("record.b == 'true'", env)).isFalse();
        assertThat(test("record.b == 1", env)).isFalse();
        assertThat(test("record.n != '5'", env)).isFalse();
        assertThat(test("record.n != 6", env)).isTrue();
        assertThat(test("[1, 'a'] == [1, 'a']", env)).isTrue();
        assertThat(test("({a: 1}) == ({a: '1'})", env)).isTrue();
    }

    @Test
    void strictEqualityStaysStrict() throws Exception {
        Map<String, Object> env = record("n", 5, "s", "5");
        assertThat(test("record.n === 5", env)).isTrue();
        assertThat(test("record.n === '5'", env)).isFalse();
        assertThat(test("record.s === 5", env)).isFalse();
        assertThat(test("record.n !== '5'", env)).isTrue();
    }

    @Test
    void orderingWithNullIsFalse() throws Exception {
        Map<String, Object> env = record("x", null, "n", 3);
        for (String op : List.of("<", "<=", ">", ">=")) {
            assertThat(test("record.x " + op + " 1", env)).as(op).isFalse();
            assertThat(test("1 " + op + " record.x", env)).as(op).isFalse();
            assertThat(test("record.missing " + op + " 0", env)).as(op).isFalse();
            assertThat(test("nil " + op + " nil", env)).as(op).isFalse();
        }
        assertThat(test("record.n > 2 && record.n >= 3 && record.n < 4 && record.n <= 3", env)).isTrue();
        assertThat(test("record.n > '2'", env)).isTrue();
        assertThat(test("'b' > 'a' && 'B' < 'a'", env)).isTrue();
    }

    @Test
    void isoDatesCompareAsStringsAndAsDates() throws Exception {
        Map<String, Object> env = record("start", "2024-01-31", "end", "2024-02-01T09:30:00Z",
                "pg", "2024-02-01 10:30:00.123456+01", "none", null);
        assertThat(test("record.start < record.end", env)).isTrue();
        assertThat(test("record.end >= '2024-02-01'", env)).isTrue();
        assertThat(test("new Date(record.end) > new Date(record.start)", env)).isTrue();
        assertThat(test("new Date(record.pg) - new Date(record.end) == 123", env)).isTrue();
        assertThat(test("new Date(record.end) == '2024-02-01T09:30:00.000Z'", env)).isTrue();
        assertThat(test("new Date(record.end) > record.start", env)).isTrue();
        assertThat(test("Date(record.end) > Date(record.start)", env)).isTrue();
        assertThat(test("new Date(record.none) < new Date(record.end)", env)).isFalse();
        assertThat(test("new Date(record.none) >= new Date(record.end)", env)).isFalse();
        assertThat(eval("new Date(record.end)", env)).isEqualTo("2024-02-01T09:30:00Z");
        assertThat(eval("new Date(record.start).getTime()", env)).isEqualTo(1706659200000L);
        assertThat(eval("new Date('2024-01-31').getUTCDate()", env)).isEqualTo(31L);
        assertThat(eval("new Date(2024, 0, 31).getFullYear()", env)).isEqualTo(2024L);
    }

    @Test
    void dateNowAndNow() throws Exception {
        long before = System.currentTimeMillis();
        Object now = eval("Date.now()", map());
        assertThat(now).isInstanceOf(Long.class);
        assertThat((Long) now).isBetween(before, System.currentTimeMillis());
        assertThat(test("Date.now() > new Date('2020-01-01')", map())).isTrue();
        assertThat(test("now() > new Date('2020-01-01')", map())).isTrue();
        assertThat(test("record.due < now()", record("due", "2001-01-01T00:00:00Z"))).isTrue();
        assertThat((String) eval("now()", map())).endsWith("Z");
        assertThat(eval("now", map("now", "2025-02-28T10:00:00Z"))).isEqualTo("2025-02-28T10:00:00Z");
        assertThat(test("now > '2020'", map())).isTrue(); // defaults to the current instant when not given
        assertThat(test("now() > new Date(now) - 5000", map("now", "2025-02-28T10:00:00Z"))).isTrue();
    }

    @Test
    void membership() throws Exception {
        Map<String, Object> env = map("user", map("roles", List.of("admin", "clerk")),
                "record", map("meta", map("k", 1), "ids", List.of(1, 2, 3), "s", "hello world"));
        assertThat(test("'admin' in user.roles", env)).isTrue();
        assertThat(test("'k' in record.meta", env)).isTrue();
        assertThat(test("'z' in record.meta", env)).isFalse();
        assertThat(test("'2' in record.ids", env)).isTrue(); // same equality as ==
        assertThat(test("4 in record.ids", env)).isFalse();
        assertThat(test("'world' in record.s", env)).isTrue();
        assertThat(test("'x' in record.missing", env)).isFalse();
        assertThat(test("'x' not in record.missing", env)).isTrue();
        assertThat(test("record.s in ['a', 'hello world']", env)).isTrue();
        assertThatThrownBy(() -> test("1 in 5", env)).isInstanceOf(ExpressionException.class)
                .hasMessageContaining("'in' needs an array, a map or a string");
    }

    @Test
    void lenAndLength() throws Exception {
        Map<String, Object> env = record("s", "abcd", "list", List.of(1, 2, 3), "m", map("a", 1, "b", 2), "z", null);
        assertThat(eval("len(record.s)", env)).isEqualTo(4L);
        assertThat(eval("len(record.list)", env)).isEqualTo(3L);
        assertThat(eval("len(record.m)", env)).isEqualTo(2L);
        assertThat(eval("len(record.z)", env)).isEqualTo(0L);
        assertThat(eval("len(record.missing)", env)).isEqualTo(0L);
        assertThat(eval("len('')", env)).isEqualTo(0L);
        assertThat(eval("record.s.length", env)).isEqualTo(4L);
        assertThat(eval("record.list.length", env)).isEqualTo(3L);
        assertThat(eval("record.z.length", env)).isNull();
        assertThatThrownBy(() -> eval("len(5)", env)).hasMessage("TypeError: len() needs a string, an array or a map");
    }

    @Test
    void sumOverElements() throws Exception {
        Map<String, Object> env = map("record", map(
                "lines", List.of(map("qty", 2, "price", new BigDecimal("1.25")), map("qty", 3, "price", 2),
                        map("qty", 1, "price", null)),
                "nums", List.of(1, 2, 3.5)), "rate", 2);
        assertThat(eval("sum(record.lines, 'qty * price')", env)).isEqualTo(8.5);
        assertThat(eval("sum(record.lines, 'qty')", env)).isEqualTo(6L);
        assertThat(eval("sum(record.nums)", env)).isEqualTo(6.5);
        assertThat(eval("sum(record.missing, 'qty')", env)).isEqualTo(0L);
        assertThat(eval("sum(record.nums, 'it * 2')", env)).isEqualTo(13L);
        assertThat(eval("sum(record.lines, 'qty * rate')", env)).isEqualTo(12L); // outer variables stay visible
        assertThat(eval("sum(record.lines, \"price == nil ? 0 : 1\")", env)).isEqualTo(2L);
        assertThat(test("sum(record.lines, 'qty') > 5", env)).isTrue();
        assertThatThrownBy(() -> eval("sum(record.lines, 'qty = 1')", env))
                .hasMessage("in sum() expression: assignment is not allowed");
        assertThatThrownBy(() -> eval("sum(5)", env)).hasMessageContaining("sum() needs an array");
    }

    @Test
    void ternaryLogicAndTruthiness() throws Exception {
        Map<String, Object> env = record("n", 0, "s", "", "t", "x", "ok", true);
        assertThat(eval("record.ok ? 'yes' : 'no'", env)).isEqualTo("yes");
        assertThat(eval("record.n ? 'yes' : 'no'", env)).isEqualTo("no");
        assertThat(test("record.s", env)).isFalse();
        assertThat(test("record.t", env)).isTrue();
        assertThat(test("record.n", env)).isFalse();
        assertThat(test("0 / 0", env)).isFalse();
        assertThat(test("record.missing", env)).isFalse();
        assertThat(test("!record.ok || record.t", env)).isTrue();
        assertThat(test("record.ok and not record.n", env)).isTrue();
        assertThat(test("record.ok && (record.n or record.s)", env)).isFalse();
        assertThat(eval("record.missing ?? 'default'", env)).isEqualTo("default");
        assertThat(eval("record.s || 'fallback'", env)).isEqualTo("fallback");
    }

    @Test
    void keywordsInsideStringsAreUntouched() throws Exception {
        Map<String, Object> env = record("s", "a and b", "t", "not nil or", "and", 1);
        assertThat(test("record.s == 'a and b'", env)).isTrue();
        assertThat(test("record.t == \"not nil or\"", env)).isTrue();
        assertThat(eval("`x and ${record.s} or y`", env)).isEqualTo("x and a and b or y");
        assertThat(eval("record.and", env)).isEqualTo(1L);
        assertThat(test("record.s == 'a and b' and record.t == 'not nil or'", env)).isTrue();
    }

    @Test
    void memberAccessOnNullYieldsNull() throws Exception {
        Map<String, Object> env = record("customer", null, "list", List.of(map("a", 1)));
        assertThat(eval("record.customer.name", env)).isNull();
        assertThat(eval("record.customer.name.first", env)).isNull();
        assertThat(eval("record.missing['x'].y", env)).isNull();
        assertThat(eval("record.list[5].a", env)).isNull();
        assertThat(eval("record.list[0].a", env)).isEqualTo(1L);
        assertThat(eval("record['list'][0]['a']", env)).isEqualTo(1L);
        assertThat(eval("nothing.at.all", env)).isNull();
        assertThat(eval("record.customer.name.toLowerCase()", env)).isNull();
        assertThat(test("record.customer.name == nil", env)).isTrue();
        assertThat(eval("len(record[f])", map("record", env.get("record"), "f", "list"))).isEqualTo(1L);
    }

    @Test
    void optionalChaining() throws Exception {
        Map<String, Object> env = record("a", map("b", 2), "n", null);
        assertThat(eval("record?.a?.b", env)).isEqualTo(2L);
        assertThat(eval("record.n?.b", env)).isNull();
        assertThat(eval("record?.['a']?.b", env)).isEqualTo(2L);
        assertThat(eval("missing?.x", env)).isNull();
    }

    @Test
    void arithmeticAndConcatenation() throws Exception {
        Map<String, Object> env = record("qty", 3, "price", new BigDecimal("2.50"), "name", "Bob", "big", Long.MAX_VALUE);
        assertThat(eval("record.qty * record.price", env)).isEqualTo(7.5);
        assertThat(eval("record.qty * 2", env)).isEqualTo(6L);
        assertThat(eval("record.qty + 1 - 2 / 2 % 3", env)).isEqualTo(3L);
        assertThat(eval("2 ** 10", env)).isEqualTo(1024L);
        assertThat(eval("-record.qty", env)).isEqualTo(-3L);
        assertThat(eval("'Hi ' + record.name + '!'", env)).isEqualTo("Hi Bob!");
        assertThat(eval("record.name + record.qty", env)).isEqualTo("Bob3");
        assertThat(eval("record.qty + '1'", env)).isEqualTo("31");
        assertThat(eval("1 / 0", env)).isNull();
        assertThat(eval("record.qty * record.missing", env)).isNull();
        assertThat(eval("0.1 + 0.2", env)).isEqualTo(0.30000000000000004);
        assertThat(eval("record.big", env)).isEqualTo(9.223372036854775807E18);
        assertThat(eval("(2.5).toFixed(2)", env)).isEqualTo("2.50");
        assertThat(eval("abs(-2) + max(1, 5) + min([4, 2]) + round(2.6) + floor(1.9) + ceil(0.1)", env)).isEqualTo(14L);
        assertThat(eval("upper(record.name) + lower('X') + trim('  y ')", env)).isEqualTo("BOBxy");
        assertThat(eval("Math.max(record.qty, 10)", env)).isEqualTo(10L);
        assertThat(eval("String(record.qty) + Number('4')", env)).isEqualTo("34");
        assertThat(eval("typeof record.name", env)).isEqualTo("string");
    }

    @Test
    void resultsComeBackAsJavaValues() throws Exception {
        Map<String, Object> env = record("tags", List.of("a"), "m", map("k", 1.5, "z", null));
        assertThat(eval("record.tags", env)).isEqualTo(List.of("a"));
        Map<String, Object> expected = new HashMap<>();
        expected.put("k", 1.5);
        expected.put("z", null);
        assertThat(eval("record.m", env)).isEqualTo(expected);
        assertThat(eval("[1, 'x', true, nil]", env)).isEqualTo(Arrays.asList(1L, "x", true, null));
        assertThat(eval("({a: [1], 'b c': {d: 'e'}})", env)).isEqualTo(map("a", List.of(1L), "b c", map("d", "e")));
        assertThat(eval("record.missing", env)).isNull();
        assertThat(eval("true", env)).isEqualTo(Boolean.TRUE);
        assertThat(eval("keys(record.m)", env)).isEqualTo(List.of("k", "z"));
        assertThat(test("record.tags", env)).isTrue();
        assertThat(ENGINE.compile("1 + 1").source()).isEqualTo("1 + 1");
    }

    /** The translator's inline fast paths for simple operands must agree with the prelude helpers. */
    @Test
    void fastPathsAgreeWithHelpers() throws Exception {
        List<Object> values = Arrays.asList(1, 2, 1.5, "1", "2", " 1", "", "a", "b", "2024-01-01", true, false, null,
                List.of(1), map("a", 1));
        List<String> literals = List.of("1", "-1", "'1'", "'a'", "''", "true", "nil");
        for (String op : List.of("==", "!=", "<", "<=", ">", ">=", "===", "!==")) {
            CompiledExpression fast = ENGINE.compile("x.a " + op + " x.b");
            CompiledExpression slow = ENGINE.compile("(x.a ?? x.a) " + op + " (x.b ?? x.b)");
            for (Object a : values) {
                for (Object b : values) {
                    Map<String, Object> env = map("x", map("a", a, "b", b));
                    assertThat(fast.evaluate(env)).as(a + " " + op + " " + b).isEqualTo(slow.evaluate(env));
                }
                Map<String, Object> env = map("x", map("a", a));
                assertThat(fast.evaluate(env)).as(a + " " + op + " missing").isEqualTo(slow.evaluate(env));
                for (String literal : literals) {
                    for (String[] pair : List.of(new String[] {"x.a", literal}, new String[] {literal, "x.a"})) {
                        Object viaFast = ENGINE.compile(pair[0] + " " + op + " " + pair[1]).evaluate(env);
                        Object viaHelper = ENGINE.compile("(" + pair[0] + " ?? nil) " + op + " (" + pair[1] + " ?? nil)").evaluate(env);
                        assertThat(viaFast).as(pair[0] + " " + op + " " + pair[1] + " with a=" + a).isEqualTo(viaHelper);
                    }
                }
            }
        }
        // operands whose type is known (arithmetic, len, !) need no helper call, and may be evaluated only once
        List<String> typed = List.of("len(x.s)", "x.a * 1", "-x.a", "x.a % 7", "!x.a", "2 ** x.a");
        for (String op : List.of("==", "!=", "<", "<=", ">", ">=")) {
            for (String t : typed) {
                for (String other : List.of("x.b", "1", "'1'", "true", "nil", "len(x.s)", "x.b - 1", "x.b + 1")) {
                    for (Object a : values) {
                        for (Object b : values) {
                            Map<String, Object> env = map("x", map("a", a, "b", b, "s", "abc"));
                            for (String[] pair : List.of(new String[] {t, other}, new String[] {other, t})) {
                                Object viaFast = ENGINE.compile(pair[0] + " " + op + " " + pair[1]).evaluate(env);
                                Object viaHelper = ENGINE.compile("(" + pair[0] + " ?? nil) " + op + " (" + pair[1] + " ?? nil)")
                                        .evaluate(env);
                                assertThat(viaFast).as(pair[0] + " " + op + " " + pair[1] + " with a=" + a + ", b=" + b)
                                        .isEqualTo(viaHelper);
                            }
                        }
                    }
                }
            }
        }
        // len of a simple operand, and abs/round/floor/ceil of arithmetic, run without a helper's frame
        for (String arg : List.of("x.a", "x.a * 10", "x.a - 1", "-x.a", "x.a / 3", "x.a % 2")) {
            for (String function : List.of("len", "round", "abs", "floor", "ceil")) {
                String call = function + "(" + arg + ")";
                String viaHelper = function + "((" + arg + ") ?? nil)";
                assertThat(((RhinoExpression) ENGINE.compile(viaHelper)).javaScript()).startsWith("__" + function + "(");
                for (Object a : values) {
                    Map<String, Object> env = map("x", map("a", a));
                    assertThat(outcome(call, env)).as(call + " with a=" + a).isEqualTo(outcome(viaHelper, env));
                }
            }
        }
        assertThat(((RhinoExpression) ENGINE.compile("len(record.name) > 200")).javaScript())
                .isEqualTo("((typeof (0, __p6_record_name) === 'string' ? (__p6_record_name).length : __len(__p6_record_name)) > 200)");
        assertThat(((RhinoExpression) ENGINE.compile("round(record.price * 100)")).javaScript())
                .isEqualTo("__round_n((__p6_record_price * 100))");
        assertThat(((RhinoExpression) ENGINE.compile("record.a * 2 >= record.b")).javaScript())
                .isEqualTo("((typeof (0, __p6_record_b) === 'number') ? ((__p6_record_a * 2) >= __p6_record_b) "
                        + ": __ge((__p6_record_a * 2), __p6_record_b))");
        assertThat(((RhinoExpression) ENGINE.compile("len(record.name) > 200 && keys(record)")).javaScript())
                .as("a variable also read whole").startsWith("(((typeof (0, record?.name) === 'string'");
        assertThat(((RhinoExpression) ENGINE.compile("record.qty > 0 && action == 'create'")).javaScript())
                .isEqualTo("(((typeof (0, __p6_record_qty) === 'number') ? (__p6_record_qty > 0) : __gt(__p6_record_qty, 0))"
                        + " && (typeof (0, action) === 'string' ? action === \"create\" : __eq(action, \"create\")))");
    }

    /** The value, or the error's message, of {@code source}. */
    private static Object outcome(String source, Map<String, Object> env) {
        try {
            return eval(source, env);
        } catch (ExpressionException e) {
            return "error: " + e.getMessage();
        }
    }

    @Test
    void environmentVariablesFromTheSpec() throws Exception {
        Map<String, Object> env = map("changes", map("state", map("old", "open", "new", "done")),
                "entity", "order", "event", "after_write", "context", map("amount", 4200));
        assertThat(test("'state' in changes && changes.state.new == 'done'", env)).isTrue();
        assertThat(test("entity == 'order' && event == 'after_write'", env)).isTrue();
        assertThat(test("context.amount > 1000", env)).isTrue();
        assertThat(test("context.amount > 1000", map("context", map("amount", "999")))).isFalse();
    }
}
