package dev.rocket.rules;

import dev.rocket.error.ApiException;
import dev.rocket.expr.CompiledExpression;
import dev.rocket.expr.ExpressionEngine;
import dev.rocket.expr.ExpressionException;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.Hook;
import dev.rocket.metadata.Keys;
import dev.rocket.metadata.Problems;
import dev.rocket.metadata.Schema;
import dev.rocket.query.QueryPlanner;
import dev.rocket.request.ReadRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Rule definition → {@link RuleDef}: validated against the registry, expressions compiled (422 if invalid). */
public final class RuleParser {
    /** The keys of a rule, of its definition by kind, and of a related_load entry. */
    public static final List<String> KEYS = List.of("entity", "hook", "type", "priority", "active", "definition");
    private static final List<String> RULE_KEYS = List.of("field", "operator", "value", "message", "stop_on_fail",
            "expression", "related_load");
    private static final Map<RuleType, List<String>> DEFINITION_KEYS = Map.of(
            RuleType.FIELD, List.of("field", "operator", "value", "message", "stop_on_fail"),
            RuleType.EXPRESSION, List.of("expression", "message", "stop_on_fail", "related_load", "field"),
            RuleType.COMPUTED, List.of("field", "expression", "message", "stop_on_fail", "related_load"));
    private static final List<String> RELATED_LOAD_KEYS = List.of("relation", "filter");

    /**
     * Strict check of an admin or imported rule: unknown keys (also inside {@code definition}, by the
     * rule's kind, and its {@code related_load} entries) → 422 naming them and the allowed ones. Stored
     * rules are loaded without it, so a rule saved before keeps working.
     */
    public static void checkKeys(Map<String, Object> body) {
        Problems p = new Problems();
        boolean flat = body.get("definition") == null;
        List<String> top = new ArrayList<>(KEYS);
        if (flat) {
            top.addAll(RULE_KEYS); // the legacy flat form
        }
        Keys.unknownOrReadBack(body, "", top, p);
        RuleType kind = RuleType.parse(body.get("type"));
        Object def = flat ? null : body.get("definition");
        if (kind != null && def != null) {
            Keys.unknown(def, "definition", DEFINITION_KEYS.get(kind), p);
        }
        Object rl = def instanceof Map<?, ?> m ? m.get("related_load") : flat ? body.get("related_load") : null;
        if (rl instanceof List<?> l) {
            String base = flat ? "related_load" : "definition.related_load";
            for (int i = 0; i < l.size(); i++) {
                Keys.unknown(l.get(i), Keys.path(base, i), RELATED_LOAD_KEYS, p);
            }
        }
        p.throwIfAny();
    }

    private RuleParser() {
    }

    /** A related_load filter is checked like a query filter on the related entity; null when valid. */
    private static String badFilter(Schema reg, RuleDef.RelatedLoad load, Schema.Link link) {
        var other = reg.entity(link.otherEntity());
        try {
            QueryPlanner.plan(reg, other,
                    new ReadRequest(load.filterParams(), List.of(), 1, 1, List.of()), List.of(), x -> List.of());
            return null;
        } catch (ApiException ex) {
            return ex.getMessage();
        }
    }

    @SuppressWarnings("unchecked")
    public static RuleDef parse(Map<String, Object> body, Schema reg, ExpressionEngine engine) {
        Problems p = new Problems();
        Object entity = body.get("entity");
        EntityDef e = null;
        if (entity == null || "".equals(entity)) {
            p.add("entity", "entity is required");
        } else if (!(entity instanceof String s) || (e = reg.entity(s)) == null) {
            p.add("entity", "entity not found: " + entity);
        }
        Object rawHook = body.get("hook") == null ? "before_write" : body.get("hook");
        Hook hook = Hook.parse(rawHook, Hook.RULE_HOOKS);
        if (hook == null) {
            p.add("hook", "invalid hook: " + rawHook + " (must be before_write, after_write or before_delete)");
        }
        Object rawType = body.get("type");
        RuleType type = RuleType.parse(rawType);
        if (type == null) {
            p.add("type", "invalid rule type: " + rawType + " (must be field, expression, or computed)");
        }
        Object prio = body.get("priority") == null ? 0 : body.get("priority");
        if (!(prio instanceof Integer)) {
            p.add("priority", "priority must be an integer");
        }
        Object active = body.get("active") == null ? Boolean.TRUE : body.get("active");
        if (!(active instanceof Boolean)) {
            p.add("active", "active must be a boolean");
        }
        Map<String, Object> def;
        Object rawDef = body.get("definition");
        if (rawDef instanceof Map<?, ?> m) {
            def = new LinkedHashMap<>((Map<String, Object>) m);
        } else if (rawDef == null) {
            def = new LinkedHashMap<>(); // legacy flat form: rule keys at the top level (docs/rules.md)
            for (String k : RULE_KEYS) {
                if (body.containsKey(k)) {
                    def.put(k, body.get(k));
                }
            }
        } else {
            p.add("definition", "definition must be an object");
            def = Map.of();
        }
        p.throwIfAny();
        String field = def.get("field") instanceof String s ? s : null;
        RuleOperator operator = RuleOperator.parse(def.get("operator"));
        Object message = def.get("message");
        if (message != null && !(message instanceof String)) {
            p.add("definition.message", "message must be a string");
        }
        Object stop = def.get("stop_on_fail");
        if (stop != null && !(stop instanceof Boolean)) {
            p.add("definition.stop_on_fail", "stop_on_fail must be a boolean");
        }
        Pattern pattern = null;
        CompiledExpression expr = switch (type) { // a switch expression: a new rule type does not compile until handled
            case FIELD -> {
                if (field == null || e.field(field) == null) {
                    p.add("definition.field", "field rule needs a field of " + entity + ": " + def.get("field")
                            + " (fields: " + String.join(", ", e.fieldNames()) + ")");
                }
                if (operator == null) {
                    p.add("definition.operator", "invalid field rule operator: " + def.get("operator")
                            + " (allowed: " + String.join(", ", RuleOperator.NAMES) + ")");
                } else if (operator != RuleOperator.NOT_EMPTY && !def.containsKey("value")) {
                    p.add("definition.value", "field rule " + operator + " needs a value");
                } else if (operator == RuleOperator.PATTERN) {
                    try {
                        pattern = Pattern.compile(String.valueOf(def.get("value")));
                    } catch (PatternSyntaxException ex) {
                        p.add("definition.value", "invalid pattern: " + ex.getDescription());
                    }
                } else {
                    String problem = valueProblem(operator, def.get("value"), field == null ? null : e.field(field));
                    if (problem != null) {
                        p.add("definition.value", problem);
                    }
                }
                yield null;
            }
            case EXPRESSION, COMPUTED -> {
                CompiledExpression compiled = null;
                Object src = def.get("expression");
                if (!(src instanceof String s) || s.isBlank()) {
                    p.add("definition.expression", type + " rule needs an expression");
                } else {
                    try {
                        compiled = engine.compile(s);
                    } catch (ExpressionException ex) {
                        p.add("definition.expression", "invalid expression: " + ex.getMessage());
                    }
                }
                if (type == RuleType.COMPUTED && (field == null || e.field(field) == null)) {
                    p.add("definition.field", "computed rule needs a field of " + entity + ": " + def.get("field"));
                } else if (type == RuleType.COMPUTED && e.field(field).isAuto()) {
                    p.add("definition.field", "computed rule cannot set the auto field " + field);
                }
                yield compiled;
            }
        };
        List<RuleDef.RelatedLoad> related = new ArrayList<>();
        Object rl = def.get("related_load");
        if (rl != null) {
            if (!(rl instanceof List<?> list)) {
                p.add("definition.related_load", "related_load must be an array");
            } else {
                for (int i = 0; i < list.size(); i++) {
                    Object o = list.get(i);
                    String at = Keys.path("definition.related_load", i);
                    if (!(o instanceof Map<?, ?> m) || !(m.get("relation") instanceof String rel)
                            || reg.resolve(e.name(), rel) == null) {
                        p.add(at + ".relation", "related_load entries need a relation of " + entity);
                        continue;
                    }
                    Object filter = m.get("filter");
                    if (filter != null && !(filter instanceof Map<?, ?>)) {
                        p.add(at + ".filter", "related_load filter must be an object");
                        continue;
                    }
                    Map<String, Object> f = filter == null ? Map.of() : (Map<String, Object>) filter;
                    RuleDef.RelatedLoad load = new RuleDef.RelatedLoad(rel, f);
                    String bad = badFilter(reg, load, reg.resolve(e.name(), rel));
                    if (bad != null) {
                        p.add(at + ".filter", "related_load " + rel + ": " + bad);
                        continue;
                    }
                    related.add(load);
                }
            }
        }
        p.throwIfAny();
        Object id = body.get("id");
        return new RuleDef(id == null ? null : id.toString(), (String) entity, hook, type,
                (Integer) prio, (Boolean) active, def, field, operator, def.get("value"), pattern,
                (String) message, Boolean.TRUE.equals(stop), expr, List.copyOf(related));
    }

    /**
     * What is wrong with the value of a field rule whose operator takes one (not pattern, checked where it is
     * compiled), or null; {@code f} is the rule's field, null when unknown.
     */
    private static String valueProblem(RuleOperator operator, Object value, FieldDef f) {
        return switch (operator) { // a switch expression: a new operator does not compile until its value is checked
            case MIN, MAX, MIN_LENGTH, MAX_LENGTH -> value instanceof Number ? null
                    : "value of " + operator + " must be a number";
            case IN, NOT_IN -> value instanceof List<?> ? comparisonProblem(operator, value, f)
                    : "value of " + operator + " must be an array";
            case EQ, NEQ, GT, GTE, LT, LTE, LIKE -> comparisonProblem(operator, value, f);
            case PATTERN, NOT_EMPTY -> null;
        };
    }

    private static String comparisonProblem(RuleOperator operator, Object value, FieldDef f) {
        String problem = f == null ? null : operator.comparison().valueProblem(f, value);
        return problem == null ? null : "field rule " + operator + ": " + problem;
    }
}
