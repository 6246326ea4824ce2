package dev.rocket.metadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A permission policy (SPEC §11): who (roles) may do what (action) on which entity, under which conditions. */
public record Policy(String id, String entity, String action, List<String> roles, List<Cond> conditions) {
    public static final Set<String> ACTIONS = Set.of("read", "create", "update", "delete");
    public static final Set<String> OPERATORS = Set.of("eq", "neq", "gt", "gte", "lt", "lte", "in", "not_in", "like");

    /** One condition: {@code field operator value}; {@code value} is a list for in/not_in. */
    public record Cond(String field, String operator, Object value) {
    }

    /** Validates a policy body against the registry; problems → 422 (SPEC §11, G-45). */
    public static Policy parse(Map<String, Object> body, Schema reg) {
        Problems p = new Problems();
        Object entity = body.get("entity");
        Object action = body.get("action");
        EntityDef e = null;
        if (entity == null || "".equals(entity)) {
            p.add("entity", "entity is required");
        } else if (!(entity instanceof String s) || (e = reg.entity(s)) == null) {
            p.add("entity", "entity not found: " + entity);
        }
        if (action == null || "".equals(action)) {
            p.add("action", "action is required");
        } else if (!ACTIONS.contains(action)) {
            p.add("action", "action must be read, create, update, or delete");
        }
        List<String> roles = new ArrayList<>();
        Object r = body.get("roles");
        if (r != null) {
            if (!(r instanceof List<?> l) || !l.stream().allMatch(x -> x instanceof String s && !s.isBlank())) {
                p.add("roles", "roles must be an array of non-empty strings");
            } else {
                l.forEach(x -> roles.add((String) x));
            }
        }
        List<Cond> conds = new ArrayList<>();
        Object c = body.get("conditions");
        if (c != null) {
            if (!(c instanceof List<?> l)) {
                p.add("conditions", "conditions must be an array");
            } else {
                for (int i = 0; i < l.size(); i++) {
                    if (!(l.get(i) instanceof Map<?, ?> m)) {
                        p.add("conditions", "conditions[" + i + "] must be an object");
                        continue;
                    }
                    Object f = m.get("field");
                    Object op = m.get("operator");
                    Object v = m.get("value");
                    if (!(f instanceof String fs) || (e != null && e.field(fs) == null)) {
                        p.add("conditions", "conditions[" + i + "]: unknown field " + f);
                        continue;
                    }
                    if (!(op instanceof String os) || !OPERATORS.contains(os)) {
                        p.add("conditions", "conditions[" + i + "]: invalid operator " + op);
                        continue;
                    }
                    if (("in".equals(os) || "not_in".equals(os)) && !(v instanceof List<?>)) {
                        p.add("conditions", "conditions[" + i + "]: value of " + os + " must be an array");
                        continue;
                    }
                    if (v instanceof Map<?, ?>) {
                        p.add("conditions", "conditions[" + i + "]: value must be a scalar or an array");
                        continue;
                    }
                    conds.add(new Cond(fs, os, v));
                }
            }
        }
        p.throwIfAny();
        Object id = body.get("id");
        return new Policy(id == null ? null : id.toString(), (String) entity, (String) action, List.copyOf(roles),
                List.copyOf(conds));
    }

    public boolean appliesTo(List<String> callerRoles) {
        for (String want : roles) {
            for (String have : callerRoles) {
                if (want.equalsIgnoreCase(have)) {
                    return true;
                }
            }
        }
        return false;
    }
}
