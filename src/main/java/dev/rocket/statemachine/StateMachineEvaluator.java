package dev.rocket.statemachine;

import dev.rocket.auth.Caller;
import dev.rocket.db.Jdbc;
import dev.rocket.error.ApiException;
import dev.rocket.error.Details;
import dev.rocket.expr.ExpressionException;
import dev.rocket.metadata.ActionType;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.Values;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Write pipeline step 9 (docs/state-machines.md): for each active machine of the entity, checks the transition the
 * payload asks for (initial state on create, allowed from/to, roles, guard) and applies in-place actions
 * ({@code set_field}). Actions that touch other records or the outside world are returned to run later
 * in the transaction (create_record) or after commit (webhook, send_event).
 */
public final class StateMachineEvaluator {
    private StateMachineEvaluator() {
    }

    /** An action to run after the record is written: create_record, webhook or send_event. */
    public record Deferred(StateMachineDef machine, String from, String to, Map<String, Object> action) {
    }

    public static List<Deferred> apply(EntityDef e, List<StateMachineDef> machines, boolean create,
                                       Map<String, Object> payload, Map<String, Object> old, Caller caller,
                                       Map<String, Object> env) {
        List<Deferred> deferred = new ArrayList<>();
        for (StateMachineDef m : machines) {
            String f = m.field();
            if (create) {
                if (!payload.containsKey(f) || payload.get(f) == null) {
                    if (m.initial() != null) {
                        payload.put(f, coerce(e.field(f), m.initial()));
                        record(env, f, m.initial());
                    }
                    continue;
                }
                String now = String.valueOf(Values.toJson(payload.get(f)));
                if (m.initial() != null && !now.equals(m.initial())) {
                    throw fail(f, "Initial state must be '" + m.initial() + "', got '" + now + "'");
                }
                continue;
            }
            if (!payload.containsKey(f)) {
                continue;
            }
            String to = String.valueOf(Values.toJson(payload.get(f)));
            String from = String.valueOf(old == null ? null : old.get(f));
            if (to.equals(from)) {
                continue;
            }
            StateMachineDef.Transition t = transition(m, from, to);
            if (t == null) {
                throw fail(f, "Invalid transition from '" + from + "' to '" + to + "'");
            }
            requireRoles(t, caller, from, to);
            if (t.guard() != null) {
                boolean ok;
                try {
                    ok = t.guard().test(env);
                } catch (ExpressionException ex) {
                    throw fail(f, "Guard evaluation error: " + ex.getMessage());
                }
                if (!ok) {
                    throw fail(f, "Transition from '" + from + "' to '" + to + "' blocked by guard");
                }
            }
            for (Map<String, Object> a : t.actions()) {
                boolean onRow = switch (ActionType.of(a)) { // a switch expression: every action type handled
                    case SET_FIELD -> true;
                    case CREATE_RECORD, WEBHOOK, SEND_EVENT -> false; // beyond the row: run by the write
                };
                if (onRow) {
                    String target = (String) a.get("field");
                    Object coerced = setFieldValue(e.field(target), a.get("value"));
                    payload.put(target, coerced);
                    record(env, target, Values.toJson(coerced));
                } else {
                    deferred.add(new Deferred(m, from, to, a));
                }
            }
        }
        return deferred;
    }

    /**
     * Only the role check of the transitions an update's payload asks for, run before the payload is
     * validated: a caller who may not make a transition gets 403, not the payload's validation errors.
     * {@link #apply} checks everything again on the final values.
     */
    public static void requireTransitionRoles(List<StateMachineDef> machines, Map<String, Object> payload,
                                              Map<String, Object> old, Caller caller) {
        for (StateMachineDef m : machines) {
            if (!payload.containsKey(m.field())) {
                continue;
            }
            String to = String.valueOf(Values.toJson(payload.get(m.field())));
            String from = String.valueOf(old.get(m.field()));
            StateMachineDef.Transition t = to.equals(from) ? null : transition(m, from, to);
            if (t != null) {
                requireRoles(t, caller, from, to);
            }
        }
    }

    /** The first transition of the machine from {@code from} to {@code to}, or null. */
    private static StateMachineDef.Transition transition(StateMachineDef m, String from, String to) {
        for (StateMachineDef.Transition t : m.transitions()) {
            if (t.to().equals(to) && t.from().contains(from)) {
                return t;
            }
        }
        return null;
    }

    private static void requireRoles(StateMachineDef.Transition t, Caller caller, String from, String to) {
        if (!t.roles().isEmpty() && !caller.isAdmin() && !caller.hasAnyRole(t.roles())) {
            throw ApiException.forbidden("Transition from '" + from + "' to '" + to + "' requires one of the roles: "
                    + String.join(", ", t.roles()));
        }
    }

    /** The value a set_field action writes: "now" is the current instant in the field's own type. */
    static Object setFieldValue(FieldDef f, Object value) {
        if ("now".equals(value)) {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            return switch (f.type()) {
                case TIMESTAMP -> now;
                case DATE -> now.toLocalDate();
                case STRING, TEXT -> Jdbc.ISO_UTC.format(now);
                case INT, BIGINT, DECIMAL, BOOLEAN, UUID, JSON, FILE ->
                        throw fail(f.name(), "set_field \"now\" cannot be stored in " + f.name());
            };
        }
        return coerce(f, value);
    }

    /** Definition-time check of a set_field action; null when it is fine. */
    public static String checkSetField(FieldDef f, Object value) {
        if ("now".equals(value)) {
            return switch (f.type()) {
                case TIMESTAMP, DATE, STRING, TEXT -> null;
                case INT, BIGINT, DECIMAL, BOOLEAN, UUID, JSON, FILE -> "set_field \"now\" needs a timestamp, date or string field, not " + f.name() + " ("
                        + f.type().wireName() + ")";
            };
        }
        try {
            Values.coerce(f.type(), f.precision(), value);
            return null;
        } catch (Values.TypeMismatch ex) {
            return "set_field value for " + f.name() + " " + ex.getMessage();
        }
    }

    @SuppressWarnings("unchecked")
    private static void record(Map<String, Object> env, String field, Object value) {
        Object r = env.get("record");
        if (r instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).put(field, value);
        }
    }

    private static Object coerce(FieldDef f, Object v) {
        try {
            return Values.coerce(f.type(), f.precision(), v);
        } catch (Values.TypeMismatch ex) {
            throw fail(f.name(), "State machine value for " + f.name() + " " + ex.getMessage());
        }
    }

    private static ApiException fail(String field, String message) {
        return ApiException.validation("Validation failed", List.of(Details.of(field, "state_machine", message)));
    }
}
