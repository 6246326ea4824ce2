package dev.rocket.write;

import java.util.Map;

/**
 * One record written in a transaction: created (row), updated (before and row) or deleted (before),
 * including nested children and rows changed by on_delete effects. Listeners see them in write order.
 */
public record WriteEvent(String entity, String action, Object id, Map<String, Object> row, Map<String, Object> before) {
}
