package dev.rocket.rules;

import dev.rocket.error.Details;
import dev.rocket.expr.Bindings;
import dev.rocket.expr.ExpressionException;
import dev.rocket.metadata.Compare;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.Values;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs the rules of one hook for one record (docs/rules.md): by priority, field rules, then expression rules;
 * computed rules only when nothing failed; {@code stop_on_fail} returns at once. Computed values are
 * written into the payload (and the record the next rules see). The rules of one call share their
 * {@link Bindings}: the record is turned into its JavaScript value once, not once per rule.
 */
public final class RuleEvaluator {
    /** The kinds of rules that check, in the order they run. */
    private static final List<RuleType> CHECKS = List.of(RuleType.FIELD, RuleType.EXPRESSION);

    private RuleEvaluator() {
    }

    /**
     * @param payload the coerced values being written (computed rules add to it); may be null for deletes
     * @param env     the expression environment (record, old, action, user, now, related)
     * @return the violations, empty when the record passes
     */
    public static List<Map<String, Object>> run(EntityDef e, List<RuleDef> rules, Map<String, Object> payload,
                                                boolean create, Map<String, Object> env) {
        try (Bindings bindings = new Bindings(env)) {
            return run(e, rules, payload, create, bindings);
        }
    }

    private static List<Map<String, Object>> run(EntityDef e, List<RuleDef> rules, Map<String, Object> payload,
                                                 boolean create, Bindings env) {
        List<Map<String, Object>> errors = new ArrayList<>();
        for (RuleType kind : CHECKS) {
            for (RuleDef r : rules) {
                if (r.type() != kind) {
                    continue;
                }
                Map<String, Object> d = switch (kind) {
                    case FIELD -> fieldRule(e, r, payload, create);
                    case EXPRESSION -> expressionRule(r, env);
                    case COMPUTED -> null; // computed rules run below, once every check has passed
                };
                if (d != null) {
                    errors.add(d);
                    if (r.stopOnFail()) {
                        return errors;
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            return errors;
        }
        for (RuleDef r : rules) {
            if (r.type() != RuleType.COMPUTED || payload == null) {
                continue;
            }
            FieldDef f = e.field(r.field());
            if (f == null) {
                continue;
            }
            try {
                Object v = r.expression().evaluate(env);
                Object coerced = Values.coerce(f.type(), f.precision(), normalise(v));
                payload.put(f.name(), coerced);
                @SuppressWarnings("unchecked")
                Map<String, Object> record = (Map<String, Object>) env.env().get("record");
                if (record != null) {
                    record.put(f.name(), Values.toJson(coerced));
                    env.changed("record");
                }
            } catch (ExpressionException ex) {
                errors.add(Details.of(r.field(), "computed", "computed field " + r.field() + ": " + ex.getMessage()));
            } catch (Values.TypeMismatch ex) {
                errors.add(Details.of(r.field(), "computed", "computed value for " + r.field() + " " + ex.getMessage()));
            }
            if (!errors.isEmpty() && r.stopOnFail()) {
                return errors;
            }
        }
        return errors;
    }

    /** Doubles from JavaScript that are whole numbers become integers (so int fields accept them). */
    private static Object normalise(Object v) {
        if (v instanceof Double d && !d.isNaN() && !d.isInfinite()) {
            if (d == Math.rint(d) && Math.abs(d) < 9.007199254740992E15) {
                return d.longValue();
            }
            return BigDecimal.valueOf(d);
        }
        return v;
    }

    private static Map<String, Object> expressionRule(RuleDef r, Bindings env) {
        String message = r.message() != null ? r.message() : "Expression rule violated";
        try {
            if (r.expression().test(env)) {
                return Details.of(r.field(), "expression", message);
            }
            return null;
        } catch (ExpressionException ex) {
            return Details.of(r.field(), "expression", "rule evaluation error: " + ex.getMessage());
        }
    }

    /** Field rules judge the payload value only; absent or null passes (except not_empty). */
    static Map<String, Object> fieldRule(EntityDef e, RuleDef r, Map<String, Object> payload, boolean create) {
        String f = r.field();
        boolean present = payload != null && payload.containsKey(f);
        Object v = present ? Values.toJson(payload.get(f)) : null;
        RuleOperator op = r.operator();
        boolean fails;
        if (op == RuleOperator.NOT_EMPTY) {
            fails = present ? (v == null || "".equals(v)) : create;
        } else if (v == null) {
            fails = false;
        } else {
            fails = !passes(e.field(f), op, v, r.value(), r.pattern());
        }
        if (!fails) {
            return null;
        }
        String message = r.message() != null ? r.message() : "field " + f + " failed " + op.wireName() + " validation";
        return Details.of(f, op.wireName(), message);
    }

    /** Whether a present, non-null value passes; comparisons mean what they mean in filters ({@link RuleOperator#comparison()}). */
    public static boolean passes(FieldDef f, RuleOperator op, Object v, Object want, Pattern pattern) {
        return switch (op) { // a switch expression: a new operator does not compile until handled here
            case MIN, MAX -> {
                BigDecimal x = Compare.number(v);
                BigDecimal y = Compare.number(want);
                if (x == null || y == null) {
                    yield true;
                }
                yield op == RuleOperator.MIN ? x.compareTo(y) >= 0 : x.compareTo(y) <= 0;
            }
            case MIN_LENGTH, MAX_LENGTH -> {
                if (!(v instanceof String s) || !(want instanceof Number n)) {
                    yield true;
                }
                int len = s.codePointCount(0, s.length());
                yield op == RuleOperator.MIN_LENGTH ? len >= n.longValue() : len <= n.longValue();
            }
            case PATTERN -> v instanceof String s && pattern != null && pattern.matcher(s).find();
            case NOT_EMPTY -> v != null && !"".equals(v);
            case EQ, NEQ, GT, GTE, LT, LTE, IN, NOT_IN, LIKE -> f != null && op.comparison().test(f, v, want);
        };
    }
}
