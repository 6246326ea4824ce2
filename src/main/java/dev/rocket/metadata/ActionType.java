package dev.rocket.metadata;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The actions of state-machine transitions and workflow action steps, with the keys each takes (besides
 * {@code type}).
 */
public enum ActionType {
    SET_FIELD("set_field", List.of("entity", "record_id", "field", "value")),
    CREATE_RECORD("create_record", List.of("entity", "data")),
    WEBHOOK("webhook", List.of("url", "method", "headers")),
    SEND_EVENT("send_event", List.of("event", "data"));

    /** The wire names, in order, for messages that list what is allowed. */
    public static final List<String> NAMES = Arrays.stream(values()).map(ActionType::wireName).toList();

    private final String wireName;
    private final List<String> keys;

    ActionType(String wireName, List<String> keys) {
        this.wireName = wireName;
        this.keys = keys;
    }

    public String wireName() {
        return wireName;
    }

    /** Every key an action of this type may carry, {@code type} first. */
    public List<String> keys() {
        List<String> all = new java.util.ArrayList<>();
        all.add("type");
        all.addAll(keys);
        return all;
    }

    @Override
    public String toString() {
        return wireName;
    }

    public static ActionType parse(Object v) {
        for (ActionType t : values()) {
            if (t.wireName.equals(v)) {
                return t;
            }
        }
        return null;
    }

    /** The type of an action object, or null. */
    public static ActionType of(Map<?, ?> action) {
        return action == null ? null : parse(action.get("type"));
    }
}
