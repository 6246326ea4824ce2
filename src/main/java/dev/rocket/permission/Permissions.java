package dev.rocket.permission;

import dev.rocket.auth.Caller;
import dev.rocket.error.ApiException;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.Policy;
import dev.rocket.metadata.Registry;
import dev.rocket.metadata.Values;
import dev.rocket.metadata.Op;
import dev.rocket.query.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whitelist access control for entity routes (docs/permissions.md): the {@code admin} role passes; anyone else
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
            if (p.appliesTo(caller.roles()) && holds(e, p, row, caller)) {
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
        Map<String, Object> row = new LinkedHashMap<>();
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

    static boolean holds(EntityDef e, Policy p, Map<String, Object> row, Caller caller) {
        for (Policy.Cond c : p.conditions()) {
            FieldDef f = e.field(c.field());
            if (f == null || row == null || !row.containsKey(c.field()) || !holds(f, bind(c, caller), row.get(c.field()))) {
                return false;
            }
        }
        return true;
    }

    /** The condition with {@link Policy#USER_ID} (as the value or an item of an in/not_in list) replaced by the caller's id. */
    static Policy.Cond bind(Policy.Cond c, Caller caller) {
        Object v = c.value();
        if (Policy.USER_ID.equals(v)) {
            return new Policy.Cond(c.field(), c.operator(), caller.id());
        }
        if (v instanceof List<?> l && l.contains(Policy.USER_ID)) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(Policy.USER_ID.equals(o) ? caller.id() : o);
            }
            return new Policy.Cond(c.field(), c.operator(), out);
        }
        return c;
    }

    /** In-memory evaluation of one condition: {@link Op#test}, the same meaning as its SQL rendering. */
    static boolean holds(FieldDef f, Policy.Cond c, Object v) {
        return c.operator().test(f, v, c.value());
    }

    /**
     * SQL form of one condition, with the value as the field's type (checked when the policy was defined);
     * null when it can never hold (a null or unfitting value).
     */
    private static Condition.FieldCondition sql(FieldDef f, Policy.Cond c) {
        Op op = c.operator();
        return switch (op) { // a switch expression: a new operator does not compile until it is bound here
            case IN, NOT_IN -> {
                List<Object> typed = new ArrayList<>();
                for (Object o : (List<?>) c.value()) {
                    Object t = bindValue(f, o);
                    if (t != null) {
                        typed.add(t); // null entries match nothing, in SQL as in Java
                    }
                }
                yield new Condition.FieldCondition(f, op, typed, false);
            }
            case LIKE -> c.value() == null ? null : new Condition.FieldCondition(f, op, String.valueOf(c.value()), false);
            case EQ, NEQ, GT, GTE, LT, LTE -> {
                Object v = bindValue(f, c.value());
                yield v == null ? null : new Condition.FieldCondition(f, op, v, false);
            }
        };
    }

    /** A condition value as a bind value of the field's type, or null (null, or does not fit). */
    private static Object bindValue(FieldDef f, Object v) {
        if (v == null) {
            return null;
        }
        try {
            return Values.coerce(f.type(), f.precision(), v);
        } catch (Values.TypeMismatch ex) {
            return null;
        }
    }
}
