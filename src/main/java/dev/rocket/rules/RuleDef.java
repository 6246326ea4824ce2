package dev.rocket.rules;

import dev.rocket.expr.CompiledExpression;
import dev.rocket.metadata.Hook;
import dev.rocket.request.ReadRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A business rule (docs/rules.md), validated and prepared: expressions compiled once, patterns compiled once.
 * {@code type} is field, expression or computed; {@code hook} before_write, after_write or before_delete.
 */
public record RuleDef(String id, String entity, Hook hook, RuleType type, int priority, boolean active,
                      Map<String, Object> definition, String field, RuleOperator operator, Object value, Pattern pattern,
                      String message, boolean stopOnFail, CompiledExpression expression, List<RelatedLoad> relatedLoad) {

    /** {@code related_load} entry: a relation to load for the record, with optional filters (query syntax). */
    public record RelatedLoad(String relation, Map<String, Object> filter) {
        /** The filter in query syntax ({@code field[.op]} → value; lists joined for in/not_in). */
        public List<ReadRequest.FilterParam> filterParams() {
            List<ReadRequest.FilterParam> out = new ArrayList<>();
            for (Map.Entry<String, Object> en : filter.entrySet()) {
                Object v = en.getValue();
                String text = v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                        : String.valueOf(v);
                out.add(new ReadRequest.FilterParam(en.getKey(), text));
            }
            return out;
        }
    }
}
