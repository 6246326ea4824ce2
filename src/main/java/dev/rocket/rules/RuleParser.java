package dev.rocket.rules;

import dev.rocket.expr.CompiledExpression;
import dev.rocket.expr.ExpressionEngine;
import dev.rocket.expr.ExpressionException;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.Problems;
import dev.rocket.metadata.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Rule definition → {@link RuleDef}: validated against the registry, expressions compiled (422 if invalid). */
public final class RuleParser {
    public static final Set<String> HOOKS = Set.of("before_write", "after_write", "before_delete");
    public static final Set<String> TYPES = Set.of("field", "expression", "computed");
    public static final Set<String> FIELD_OPERATORS = Set.of("min", "max", "min_length", "max_length", "pattern",
            "eq", "neq", "gt", "gte", "lt", "lte", "in", "not_in", "like", "not_empty");
    private static final Set<String> RULE_KEYS = Set.of("field", "operator", "value", "message", "stop_on_fail",
            "expression", "related_load");

    private RuleParser() {
    }

    /** A related_load filter is checked like a query filter on the related entity; null when valid. */
    private static String badFilter(Schema reg, RuleDef.RelatedLoad load, Schema.Link link) {
        var other = reg.entity(link.otherEntity());
        try {
            dev.rocket.query.QueryPlanner.plan(reg, other,
                    new dev.rocket.request.ReadRequest(load.filterParams(), List.of(), 1, 1, List.of()), List.of(), x -> List.of());
            return null;
        } catch (dev.rocket.error.ApiException ex) {
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
        Object hook = body.get("hook") == null ? "before_write" : body.get("hook");
        if (!HOOKS.contains(hook)) {
            p.add("hook", "invalid hook: " + hook + " (must be before_write, after_write or before_delete)");
        }
        Object type = body.get("type");
        if (!TYPES.contains(type)) {
            p.add("type", "invalid rule type: " + type + " (must be field, expression, or computed)");
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
            def = new LinkedHashMap<>(); // legacy flat form: rule keys at the top level (SPEC G-34)
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
        String operator = def.get("operator") instanceof String s ? s : null;
        Object message = def.get("message");
        if (message != null && !(message instanceof String)) {
            p.add("message", "message must be a string");
        }
        Object stop = def.get("stop_on_fail");
        if (stop != null && !(stop instanceof Boolean)) {
            p.add("stop_on_fail", "stop_on_fail must be a boolean");
        }
        Pattern pattern = null;
        CompiledExpression expr = null;
        switch ((String) type) {
            case "field" -> {
                if (field == null || e.field(field) == null) {
                    p.add("definition", "field rule needs a field of " + entity + ": " + def.get("field"));
                }
                if (operator == null || !FIELD_OPERATORS.contains(operator)) {
                    p.add("definition", "invalid field rule operator: " + def.get("operator"));
                } else if (!"not_empty".equals(operator) && !def.containsKey("value")) {
                    p.add("definition", "field rule " + operator + " needs a value");
                } else if ("pattern".equals(operator)) {
                    try {
                        pattern = Pattern.compile(String.valueOf(def.get("value")));
                    } catch (PatternSyntaxException ex) {
                        p.add("definition", "invalid pattern: " + ex.getDescription());
                    }
                } else if (("in".equals(operator) || "not_in".equals(operator)) && !(def.get("value") instanceof List<?>)) {
                    p.add("definition", "value of " + operator + " must be an array");
                } else if (Set.of("min", "max", "min_length", "max_length").contains(operator)
                        && !(def.get("value") instanceof Number)) {
                    p.add("definition", "value of " + operator + " must be a number");
                }
            }
            case "expression", "computed" -> {
                Object src = def.get("expression");
                if (!(src instanceof String s) || s.isBlank()) {
                    p.add("definition", type + " rule needs an expression");
                } else {
                    try {
                        expr = engine.compile(s);
                    } catch (ExpressionException ex) {
                        p.add("definition", "invalid expression: " + ex.getMessage());
                    }
                }
                if ("computed".equals(type) && (field == null || e.field(field) == null)) {
                    p.add("definition", "computed rule needs a field of " + entity + ": " + def.get("field"));
                } else if ("computed".equals(type) && e.field(field).isAuto()) {
                    p.add("definition", "computed rule cannot set the auto field " + field);
                }
            }
            default -> {
            }
        }
        List<RuleDef.RelatedLoad> related = new ArrayList<>();
        Object rl = def.get("related_load");
        if (rl != null) {
            if (!(rl instanceof List<?> list)) {
                p.add("definition", "related_load must be an array");
            } else {
                for (Object o : list) {
                    if (!(o instanceof Map<?, ?> m) || !(m.get("relation") instanceof String rel)
                            || reg.resolve(e.name(), rel) == null) {
                        p.add("definition", "related_load entries need a relation of " + entity);
                        continue;
                    }
                    Object filter = m.get("filter");
                    if (filter != null && !(filter instanceof Map<?, ?>)) {
                        p.add("definition", "related_load filter must be an object");
                        continue;
                    }
                    Map<String, Object> f = filter == null ? Map.of() : (Map<String, Object>) filter;
                    RuleDef.RelatedLoad load = new RuleDef.RelatedLoad(rel, f);
                    String bad = badFilter(reg, load, reg.resolve(e.name(), rel));
                    if (bad != null) {
                        p.add("definition", "related_load " + rel + ": " + bad);
                        continue;
                    }
                    related.add(load);
                }
            }
        }
        p.throwIfAny();
        Object id = body.get("id");
        return new RuleDef(id == null ? null : id.toString(), (String) entity, (String) hook, (String) type,
                (Integer) prio, (Boolean) active, def, field, operator, def.get("value"), pattern,
                (String) message, Boolean.TRUE.equals(stop), expr, List.copyOf(related));
    }
}
