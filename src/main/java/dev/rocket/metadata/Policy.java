package dev.rocket.metadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A permission policy (docs/permissions.md): who (roles) may do what (action) on which entity, under which conditions. */
public record Policy(String id, String entity, String action, List<String> roles, List<Cond> conditions) {
    public static final List<String> ACTIONS = List.of("read", "create", "update", "delete");
    /** The keys of a policy definition and of one of its conditions. */
    public static final List<String> KEYS = List.of("entity", "action", "roles", "conditions");
    public static final List<String> CONDITION_KEYS = List.of("field", "operator", "value");

    /** The condition value that stands for the caller's user id (e.g. {@code owner_id eq $user.id}). */
    public static final String USER_ID = "$user.id";

    /** True when the value is {@link #USER_ID} or a list holding it: its type is checked once bound to a caller. */
    static boolean mentionsUser(Object v) {
        return USER_ID.equals(v) || v instanceof List<?> l && l.contains(USER_ID);
    }

    /** One condition: {@code field operator value}; {@code value} is a list for in/not_in. */
    public record Cond(String field, Op operator, Object value) {
    }

    /** Strict check of an admin or imported policy: unknown keys → 422 naming them and the allowed ones. */
    public static void checkKeys(Map<String, Object> body) {
        Problems p = new Problems();
        Keys.unknownOrReadBack(body, "", KEYS, p);
        if (body.get("conditions") instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                Keys.unknown(l.get(i), Keys.path("conditions", i), CONDITION_KEYS, p);
            }
        }
        p.throwIfAny();
    }

    /** Validates a policy body against the registry; problems → 422 (docs/permissions.md#policies). */
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
                    String at = Keys.path("conditions", i);
                    Object f = m.get("field");
                    Object op = m.get("operator");
                    Object v = m.get("value");
                    FieldDef fd = f instanceof String fs && e != null ? e.field(fs) : null;
                    if (!(f instanceof String) || (e != null && fd == null)) {
                        p.add(at + ".field", at + ": unknown field " + f
                                + (e == null ? "" : " (fields of " + e.name() + ": " + String.join(", ", e.fieldNames()) + ")"));
                        continue;
                    }
                    Op o = op instanceof String os ? Op.parse(os) : null;
                    if (o == null) {
                        p.add(at + ".operator", at + ": invalid operator " + op + " (allowed: " + String.join(", ", Op.NAMES) + ")");
                        continue;
                    }
                    if (o.isList() && !(v instanceof List<?>)) {
                        p.add(at + ".value", at + ": value of " + o.wireName() + " must be an array");
                        continue;
                    }
                    if (v instanceof Map<?, ?>) {
                        p.add(at + ".value", at + ": value must be a scalar or an array");
                        continue;
                    }
                    if (fd != null && !mentionsUser(v)) {
                        String problem = o.valueProblem(fd, v);
                        if (problem != null) {
                            p.add(at + ".value", at + ": " + problem);
                            continue;
                        }
                    }
                    conds.add(new Cond((String) f, o, v));
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
