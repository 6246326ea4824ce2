package dev.rocket.statemachine;

import dev.rocket.expr.CompiledExpression;
import dev.rocket.expr.ExpressionEngine;
import dev.rocket.expr.ExpressionException;
import dev.rocket.metadata.ActionType;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.Keys;
import dev.rocket.metadata.Problems;
import dev.rocket.metadata.Schema;
import dev.rocket.outbound.OutboundUrls;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** State machine definition → {@link StateMachineDef}; {@code from} normalised to arrays; guards compiled (422). */
public final class StateMachineParser {
    /** The keys of a state machine, of its definition and of a transition. */
    public static final List<String> KEYS = List.of("entity", "field", "definition", "active");
    private static final List<String> DEFINITION_KEYS = List.of("initial", "transitions");
    private static final List<String> TRANSITION_KEYS = List.of("from", "to", "roles", "guard", "actions");

    private StateMachineParser() {
    }

    /** The keys an action of a transition may carry (set_field works on the record being written). */
    static List<String> actionKeys(ActionType t) {
        return switch (t) {
            case SET_FIELD -> List.of("type", "field", "value");
            case CREATE_RECORD, WEBHOOK, SEND_EVENT -> t.keys();
        };
    }

    /**
     * Strict check of an admin or imported state machine: unknown keys (also in its definition,
     * transitions and actions) → 422 naming them and the allowed ones.
     */
    public static void checkKeys(Map<String, Object> body) {
        Problems p = new Problems();
        Keys.unknownOrReadBack(body, "", KEYS, p);
        Object def = body.get("definition");
        Keys.unknown(def, "definition", DEFINITION_KEYS, p);
        if (def instanceof Map<?, ?> d && d.get("transitions") instanceof List<?> ts) {
            for (int i = 0; i < ts.size(); i++) {
                String at = Keys.path("definition.transitions", i);
                Keys.unknown(ts.get(i), at, TRANSITION_KEYS, p);
                if (ts.get(i) instanceof Map<?, ?> t && t.get("actions") instanceof List<?> as) {
                    for (int j = 0; j < as.size(); j++) {
                        ActionType type = as.get(j) instanceof Map<?, ?> a ? ActionType.of(a) : null;
                        if (type != null) {
                            Keys.unknown(as.get(j), Keys.path(at + ".actions", j), actionKeys(type), p);
                        }
                    }
                }
            }
        }
        p.throwIfAny();
    }

    @SuppressWarnings("unchecked")
    public static StateMachineDef parse(Map<String, Object> body, Schema reg, ExpressionEngine engine) {
        Problems p = new Problems();
        Object entity = body.get("entity");
        EntityDef e = null;
        if (entity == null || "".equals(entity)) {
            p.add("entity", "entity is required");
        } else if (!(entity instanceof String s) || (e = reg.entity(s)) == null) {
            p.add("entity", "entity not found: " + entity);
        }
        Object field = body.get("field");
        if (field == null || "".equals(field)) {
            p.add("field", "field is required");
        } else if (e != null && (!(field instanceof String fs) || e.field(fs) == null)) {
            p.add("field", "field not found on " + entity + ": " + field);
        }
        Object active = body.get("active") == null ? Boolean.TRUE : body.get("active");
        if (!(active instanceof Boolean)) {
            p.add("active", "active must be a boolean");
        }
        Object rawDef = body.get("definition");
        Map<String, Object> def = rawDef instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : null;
        if (def == null) {
            p.add("definition", "definition is required");
            p.throwIfAny();
        }
        Object initial = def.get("initial");
        if (initial != null && !(initial instanceof String)) {
            p.add("definition.initial", "definition.initial must be a string");
        }
        List<StateMachineDef.Transition> transitions = new ArrayList<>();
        List<Map<String, Object>> normalised = new ArrayList<>();
        Object rawT = def.get("transitions");
        if (!(rawT instanceof List<?> list) || list.isEmpty()) {
            p.add("definition.transitions", "at least one transition is required");
        } else {
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof Map<?, ?> tm)) {
                    p.add("definition.transitions[" + i + "]", "definition.transitions[" + i + "] must be an object");
                    continue;
                }
                Map<String, Object> t = new LinkedHashMap<>((Map<String, Object>) tm);
                List<String> from = new ArrayList<>();
                Object f = t.get("from");
                if (f instanceof String s) {
                    from.add(s);
                } else if (f instanceof List<?> fl && !fl.isEmpty() && fl.stream().allMatch(x -> x instanceof String)) {
                    fl.forEach(x -> from.add((String) x));
                } else {
                    p.add("definition.transitions[" + i + "].from", "definition.transitions[" + i + "].from must be a state or a list of states");
                }
                Object to = t.get("to");
                if (!(to instanceof String) || ((String) to).isEmpty()) {
                    p.add("definition.transitions[" + i + "].to", "definition.transitions[" + i + "].to is required");
                }
                List<String> roles = new ArrayList<>();
                Object r = t.get("roles");
                if (r != null) {
                    if (!(r instanceof List<?> rl) || !rl.stream().allMatch(x -> x instanceof String)) {
                        p.add("definition.transitions[" + i + "].roles", "definition.transitions[" + i + "].roles must be an array of strings");
                    } else {
                        rl.forEach(x -> roles.add((String) x));
                    }
                }
                CompiledExpression guard = null;
                Object g = t.get("guard");
                if (g != null && !"".equals(g)) {
                    if (!(g instanceof String gs)) {
                        p.add("definition.transitions[" + i + "].guard", "definition.transitions[" + i + "].guard must be an expression string");
                    } else {
                        try {
                            guard = engine.compile(gs);
                        } catch (ExpressionException ex) {
                            p.add("definition.transitions[" + i + "].guard", "definition.transitions[" + i + "].guard is invalid: " + ex.getMessage());
                        }
                    }
                }
                List<Map<String, Object>> actions = new ArrayList<>();
                Object a = t.get("actions");
                if (a != null) {
                    if (!(a instanceof List<?> al)) {
                        p.add("definition.transitions[" + i + "].actions", "definition.transitions[" + i + "].actions must be an array");
                    } else {
                        for (int j = 0; j < al.size(); j++) {
                            Object o = al.get(j);
                            String at = "definition.transitions[" + i + "].actions[" + j + "]";
                            if (!(o instanceof Map<?, ?> am) || ActionType.of(am) == null) {
                                p.add(at + ".type", at + ": invalid action " + (o instanceof Map<?, ?> om ? om.get("type") : o)
                                        + " (allowed types: " + String.join(", ", ActionType.NAMES) + ")");
                                continue;
                            }
                            ActionProblem problem = actionProblem(ActionType.of(am), am, e, entity, reg);
                            if (problem != null) {
                                p.add(at + "." + problem.key(), at + ": " + problem.message());
                            }
                            actions.add((Map<String, Object>) am);
                        }
                    }
                }
                t.put("from", from);
                normalised.add(t);
                if (to instanceof String ts) {
                    transitions.add(new StateMachineDef.Transition(List.copyOf(from), ts, List.copyOf(roles), guard,
                            List.copyOf(actions)));
                }
            }
        }
        p.throwIfAny();
        def.put("transitions", normalised);
        Object id = body.get("id");
        return new StateMachineDef(id == null ? null : id.toString(), (String) entity, (String) field, (Boolean) active,
                (String) initial, List.copyOf(transitions), def);
    }

    /** What is wrong with one action of a transition: the key it concerns and why. */
    private record ActionProblem(String key, String message) {
    }

    /** What is wrong with one action of a transition, by its type, or null; {@code e} is null when the entity is unknown. */
    private static ActionProblem actionProblem(ActionType type, Map<?, ?> action, EntityDef e, Object entity, Schema reg) {
        return switch (type) { // a switch expression: a new action type does not compile until it is checked here
            case SET_FIELD -> {
                if (e == null || !(action.get("field") instanceof String field) || e.field(field) == null) {
                    yield new ActionProblem("field", "set_field needs a field of " + entity);
                }
                String problem = StateMachineEvaluator.checkSetField(e.field(field), action.get("value"));
                yield problem == null ? null : new ActionProblem("value", problem);
            }
            case CREATE_RECORD -> !(action.get("entity") instanceof String target) || reg.entity(target) == null
                    || !(action.get("data") == null || action.get("data") instanceof Map<?, ?>)
                    ? new ActionProblem("entity", "create_record needs an existing entity and a data object") : null;
            case WEBHOOK -> {
                String problem = webhookUrlProblem(action.get("url"));
                yield problem == null ? null : new ActionProblem("url", "webhook " + problem);
            }
            case SEND_EVENT -> null;
        };
    }

    /** Why a webhook action's url cannot be called ("url must …"), or null. */
    private static String webhookUrlProblem(Object url) {
        return url instanceof String u ? OutboundUrls.problem(u) : "url must start with http:// or https://";
    }
}
