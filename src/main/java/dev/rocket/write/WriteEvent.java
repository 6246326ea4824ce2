package dev.rocket.write;

import java.util.List;
import java.util.Map;

/**
 * One record written in a transaction: created (row), updated (before and row) or deleted (before),
 * including nested children and rows changed by on_delete effects. Listeners see them in write order.
 * {@code transitionActions} are the state-machine actions of this write to perform after commit
 * ({@code webhook}), each with its {@code from} and {@code to} state; usually empty.
 */
public record WriteEvent(String entity, String action, Object id, Map<String, Object> row, Map<String, Object> before,
                         List<Map<String, Object>> transitionActions) {

    public WriteEvent {
        transitionActions = transitionActions == null ? List.of() : List.copyOf(transitionActions);
    }

    public WriteEvent(String entity, String action, Object id, Map<String, Object> row, Map<String, Object> before) {
        this(entity, action, id, row, before, List.of());
    }
}
