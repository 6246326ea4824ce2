package dev.rocket.expr;

import static dev.rocket.expr.ExpressionLanguageTest.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Several expressions on one {@link Bindings} see exactly what each would see evaluated on its own. */
class BindingsTest {

    static final ExpressionEngine ENGINE = ExpressionLanguageTest.ENGINE;

    @Test
    void aChangedValueIsSeenOnceSaid() throws ExpressionException {
        Map<String, Object> record = new HashMap<>(map("price", 5, "qty", 2, "total", null));
        Bindings b = Bindings.of(new HashMap<>(map("record", record, "action", "create")));
        CompiledExpression total = ENGINE.compile("record.total");
        assertThat(ENGINE.compile("record.price * record.qty").evaluate(b)).isEqualTo(10L);
        assertThat(total.evaluate(b)).isNull();
        record.put("total", 10);
        b.changed("record");
        assertThat(total.evaluate(b)).isEqualTo(10L);
        assertThat(ENGINE.compile("action == 'create' && record.total == 10").test(b)).isTrue();
    }

    @Test
    void anArrayReorderedByOneExpressionIsNotReorderedForTheNext() throws ExpressionException {
        List<Object> tags = new ArrayList<>(List.of("b", "c", "a"));
        Bindings b = Bindings.of(map("record", map("tags", tags, "inner", map("list", List.of(3, 1, 2)))));
        assertThat(ENGINE.compile("record.tags.sort()[0]").evaluate(b)).isEqualTo("a");
        assertThat(ENGINE.compile("record.tags[0]").evaluate(b)).isEqualTo("b");
        assertThat(ENGINE.compile("record.inner.list.reverse()[0]").evaluate(b)).isEqualTo(2L);
        assertThat(ENGINE.compile("record.inner.list[0]").evaluate(b)).isEqualTo(3L);
        assertThat(tags).containsExactly("b", "c", "a");
    }

    @Test
    void limitsHoldForEveryEvaluationOnReusedContexts() throws ExpressionException {
        ExpressionEngine small = new ExpressionEngine(20_000, 1_000);
        CompiledExpression heavy = small.compile("sum(record.rows, 'a * 2 + a * 3 + a * 4')");
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            rows.add(map("a", i));
        }
        Bindings b = Bindings.of(map("record", map("rows", rows)));
        CompiledExpression light = small.compile("len(record.rows) > 0");
        for (int i = 0; i < 50; i++) { // many short evaluations on the same contexts: none is charged for another
            assertThat(light.test(b)).isTrue();
            assertThatThrownBy(() -> heavy.evaluate(b)).isInstanceOf(ExpressionException.class)
                    .hasMessageContaining("instruction limit");
        }
    }
}
