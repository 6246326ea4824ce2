package dev.rocket.rules;

import dev.rocket.error.Details;
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
 * Runs the rules of one hook for one record (SPEC §7): by priority, field rules, then expression rules;
 * computed rules only when nothing failed; {@code stop_on_fail} returns at once. Computed values are
 * written into the payload (and the record the next rules see).
 */
public final class RuleEvaluator {
    private RuleEvaluator() {
    }

    /**
     * @param payload the coerced values being written (computed rules add to it); may be null for deletes
     * @param env     the expression environment (record, old, action, user, now, related)
     * @return the violations, empty when the record passes
     */
    public static List<Map<String, Object>> run(EntityDef e, List<RuleDef> rules, Map<String, Object> payload,
                                                boolean create, Map<String, Object> env) {
        List<Map<String, Object>> errors = new ArrayList<>();
        for (String kind : List.of("field", "expression")) {
            for (RuleDef r : rules) {
                if (!r.type().equals(kind)) {
                    continue;
                }
                Map<String, Object> d = "field".equals(kind) ? fieldRule(r, payload, create) : expressionRule(r, env);
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
            if (!r.type().equals("computed") || payload == null) {
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
                Map<String, Object> record = (Map<String, Object>) env.get("record");
                if (record != null) {
                    record.put(f.name(), Values.toJson(coerced));
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

    private static Map<String, Object> expressionRule(RuleDef r, Map<String, Object> env) {
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
    static Map<String, Object> fieldRule(RuleDef r, Map<String, Object> payload, boolean create) {
        String f = r.field();
        boolean present = payload != null && payload.containsKey(f);
        Object v = present ? Values.toJson(payload.get(f)) : null;
        String op = r.operator();
        boolean fails;
        if ("not_empty".equals(op)) {
            fails = present ? (v == null || "".equals(v)) : create;
        } else if (v == null) {
            fails = false;
        } else {
            fails = !passes(op, v, r.value(), r.pattern());
        }
        if (!fails) {
            return null;
        }
        String message = r.message() != null ? r.message() : "field " + f + " failed " + op + " validation";
        return Details.of(f, op, message);
    }

    static boolean passes(String op, Object v, Object want, Pattern pattern) {
        switch (op) {
            case "min", "max" -> {
                BigDecimal x = Compare.number(v);
                BigDecimal y = Compare.number(want);
                if (x == null || y == null) {
                    return true;
                }
                return "min".equals(op) ? x.compareTo(y) >= 0 : x.compareTo(y) <= 0;
            }
            case "min_length", "max_length" -> {
                if (!(v instanceof String s) || !(want instanceof Number n)) {
                    return true;
                }
                int len = s.codePointCount(0, s.length());
                return "min_length".equals(op) ? len >= n.longValue() : len <= n.longValue();
            }
            case "pattern" -> {
                return v instanceof String s && pattern != null && pattern.matcher(s).find();
            }
            case "eq" -> {
                return Compare.same(v, want);
            }
            case "neq" -> {
                return !Compare.same(v, want);
            }
            case "in", "not_in" -> {
                boolean found = false;
                if (want instanceof List<?> l) {
                    for (Object o : l) {
                        found |= Compare.same(v, o);
                    }
                }
                return "in".equals(op) == found;
            }
            case "like" -> {
                return want != null && dev.rocket.permission.Like.matches(String.valueOf(want), String.valueOf(v));
            }
            case "gt", "gte", "lt", "lte" -> {
                Integer c = compare(v, want);
                if (c == null) {
                    return false;
                }
                return switch (op) {
                    case "gt" -> c > 0;
                    case "gte" -> c >= 0;
                    case "lt" -> c < 0;
                    default -> c <= 0;
                };
            }
            default -> {
                return true;
            }
        }
    }


    /** Numbers numerically; two strings lexicographically (ISO dates work); otherwise not comparable. */
    private static Integer compare(Object a, Object b) {
        Integer n = Compare.numeric(a, b);
        if (n != null) {
            return n;
        }
        if (a instanceof String s && b instanceof String t) {
            return s.compareTo(t);
        }
        return null;
    }

}
