package dev.rocket.statemachine;

import dev.rocket.expr.CompiledExpression;
import java.util.List;
import java.util.Map;

/** A state machine on one field of an entity (docs/state-machines.md), with guards compiled once. */
public record StateMachineDef(String id, String entity, String field, boolean active, String initial,
                              List<Transition> transitions, Map<String, Object> definition) {

    public record Transition(List<String> from, String to, List<String> roles, CompiledExpression guard,
                             List<Map<String, Object>> actions) {
    }
}
