package dev.rocket.permission;

import dev.rocket.auth.Caller;
import dev.rocket.error.ApiException;
import dev.rocket.metadata.Compare;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.Policy;
import dev.rocket.metadata.Registry;
import dev.rocket.metadata.Values;
import dev.rocket.query.Condition;
import dev.rocket.query.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whitelist access control for entity routes (SPEC §11): the {@code admin} role passes; anyone else
 * needs a policy for the entity and action whose roles they have. Read conditions are injected into the
 * plan as WHERE conditions (ORed across policies, ANDed inside one), never applied by filtering rows
 * afterwards; write conditions are checked on the row inside the write transaction.
 */
public final class Permissions {
    private static final Condition NOTHING = new Condition.AnyOf(List.of());

    private Permissions() {
    }

    /** Conditions restricting what {@code caller} may read of {@code e} (empty = everything), or 403. */
    public static List<Condition> readScope(Registry reg, Caller caller, EntityDef e) {
        if (caller.isAdmin()) {
            return List.of();
        }
        Condition c = scopeOrNull(reg, caller, e);
        if (c == null) {
            throw denied(reg, e, "read");
        }
        return c == ALL ? List.of() : List.of(c);
    }

    /** The read scope of a related entity (includes, filters through relations): nothing if no policy. */
    public static List<Condition> includeScope(Registry reg, Caller caller, EntityDef e) {
        if (caller.isAdmin()) {
            return List.of();
        }
        Condition c = scopeOrNull(reg, caller, e);
        if (c == null) {
            return List.of(NOTHING);
        }
        return c == ALL ? List.of() : List.of(c);
    }

    private static final Condition ALL = new Condition.AnyOf(List.of(List.of()));

    private static Condition scopeOrNull(Registry reg, Caller caller, EntityDef e) {
        List<List<Condition.FieldCondition>> groups = new ArrayList<>();
        boolean granted = false;
        for (Policy p : reg.index(PolicyKind.KIND).of(e.name(), "read")) {
            if (!p.appliesTo(caller.roles())) {
                continue;
            }
            granted = true;
            if (p.conditions().isEmpty()) {
                return ALL;
            }
            List<Condition.FieldCondition> g = new ArrayList<>();
            for (Policy.Cond c : p.conditions()) {
                Condition.FieldCondition fc = sql(e.field(c.field()), bind(c, caller));
                if (fc == null) {
                    g = null; // a condition that can never hold: this policy grants nothing
                    break;
                }
                g.add(fc);
            }
            if (g != null) {
                groups.add(g);
            }
        }
        return granted ? new Condition.AnyOf(groups) : null; // no groups left: the policies match no row
    }

    /**
     * The first gate of every entity route, before its query or payload is even read: the caller holds
     * some policy for the action (admins always do), else 403. A caller without any right to the action so
     * learns nothing about the entity's fields or rules from parse or validation errors. Conditions are
     * checked later, on the row ({@link #checkWrite}) or in the plan (reads).
     */
    public static void requireAction(Registry reg, Caller caller, EntityDef e, String action) {
        if (caller.isAdmin()) {
            return;
        }
        for (Policy p : reg.index(PolicyKind.KIND).of(e.name(), action)) {
            if (p.appliesTo(caller.roles())) {
                return;
            }
        }
        throw denied(reg, e, action);
    }

    /**
     * create (row = incoming values), update/delete (row = current row, before the change): allowed when
     * any policy of the caller's roles has no conditions or all of its conditions hold on the row.
     */
    public static void checkWrite(Registry reg, Caller caller, EntityDef e, String action, Map<String, Object> row) {
        if (caller.isAdmin()) {
            return;
        }
        List<Policy> policies = reg.index(PolicyKind.KIND).of(e.name(), action);
        if (policies.isEmpty()) {
            throw denied(reg, e, action);
        }
        for (Policy p : policies) {
            if (p.appliesTo(caller.roles()) && holds(p, row, caller)) {
                return;
            }
        }
        throw ApiException.forbidden("Permission denied for " + action + " on " + e.name());
    }

    /** create: conditions are checked on the incoming row (payload plus defaults), built only for non-admins. */
    public static void checkCreate(Registry reg, Caller caller, EntityDef e, Map<String, Object> values) {
        if (!caller.isAdmin()) {
            checkWrite(reg, caller, e, "create", incoming(e, values));
        }
    }

    /** The incoming row as create conditions see it: payload plus the defaults of absent fields. */
    static Map<String, Object> incoming(EntityDef e, Map<String, Object> values) {
        Map<String, Object> row = new java.util.LinkedHashMap<>();
        for (var f : e.fields()) {
            if (f.defaultValue() != null) {
                row.put(f.name(), f.defaultValue());
            }
        }
        for (var en : values.entrySet()) {
            row.put(en.getKey(), Values.toJson(en.getValue()));
        }
        return row;
    }

    private static ApiException denied(Registry reg, EntityDef e, String action) {
        if (reg.index(PolicyKind.KIND).of(e.name(), action).isEmpty()) {
            return ApiException.forbidden("No permission for " + action + " on " + e.name());
        }
        return ApiException.forbidden("Permission denied for " + action + " on " + e.name());
    }

    static boolean holds(Policy p, Map<String, Object> row, Caller caller) {
        for (Policy.Cond c : p.conditions()) {
            if (row == null || !row.containsKey(c.field()) || !holds(bind(c, caller), row.get(c.field()))) {
                return false;
            }
        }
        return true;
    }

    /** The condition value that stands for the caller's user id (e.g. {@code owner_id eq $user.id}). */
    public static final String USER_ID = "$user.id";

    /** The condition with {@link #USER_ID} (as the value or an item of an in/not_in list) replaced by the caller's id. */
    static Policy.Cond bind(Policy.Cond c, Caller caller) {
        Object v = c.value();
        if (USER_ID.equals(v)) {
            return new Policy.Cond(c.field(), c.operator(), caller.id());
        }
        if (v instanceof List<?> l && l.contains(USER_ID)) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(USER_ID.equals(o) ? caller.id() : o);
            }
            return new Policy.Cond(c.field(), c.operator(), out);
        }
        return c;
    }

    /** Java evaluation of one condition, with the same semantics as its SQL rendering. */
    static boolean holds(Policy.Cond c, Object v) {
        if (v == null) {
            return false;
        }
        Object want = c.value();
        switch (c.operator()) {
            case "eq":
                return Compare.same(v, want);
            case "neq":
                return !Compare.same(v, want);
            case "in":
            case "not_in": {
                boolean found = false;
                for (Object o : (List<?>) want) {
                    found |= o != null && Compare.same(v, o);
                }
                return "in".equals(c.operator()) == found;
            }
            case "like":
                return want != null && Like.matches(String.valueOf(want), Compare.text(v));
            default: {
                Integer cmp = Compare.numeric(v, want);
                if (cmp == null) {
                    return false;
                }
                return switch (c.operator()) {
                    case "gt" -> cmp > 0;
                    case "gte" -> cmp >= 0;
                    case "lt" -> cmp < 0;
                    default -> cmp <= 0;
                };
            }
        }
    }

    /** SQL form of one condition: typed when the value fits the field (numbers compare numerically), else as text. */
    private static Condition.FieldCondition sql(FieldDef f, Policy.Cond c) {
        Op op = Op.parse(c.operator());
        if (op.isList()) {
            List<Object> values = new ArrayList<>();
            boolean typed = f.type().isNumeric();
            List<Object> typedValues = new ArrayList<>();
            for (Object o : (List<?>) c.value()) {
                if (o == null) {
                    continue; // null never equals anything, in SQL as in Java
                }
                values.add(Compare.text(o));
                if (typed) {
                    try {
                        typedValues.add(Values.coerce(f.type(), f.precision(), o instanceof String s ? s : o));
                    } catch (Values.TypeMismatch ex) {
                        typed = false;
                    }
                }
            }
            return typed ? new Condition.FieldCondition(f, op, typedValues, false)
                    : new Condition.FieldCondition(f, op, values, true);
        }
        if (c.value() == null) {
            return null; // comparisons with null never hold
        }
        if (op == Op.LIKE) {
            return new Condition.FieldCondition(f, op, String.valueOf(c.value()), true);
        }
        if (f.type().isNumeric()) {
            try {
                Object v = Values.coerce(f.type(), f.precision(), c.value());
                if (v != null) {
                    return new Condition.FieldCondition(f, op, v, false);
                }
            } catch (Values.TypeMismatch ex) {
                // fall through to a text comparison
            }
        }
        if (op == Op.EQ || op == Op.NEQ) {
            return new Condition.FieldCondition(f, op, Compare.text(c.value()), true);
        }
        return null; // ordering on non-numbers never holds (SPEC: numeric comparison), in SQL as in Java
    }
}
