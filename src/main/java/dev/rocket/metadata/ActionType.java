package dev.rocket.metadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The actions of state-machine transitions and workflow action steps, with the keys each takes (besides
 * {@code type}).
 */
public enum ActionType {
    SET_FIELD(List.of("entity", "record_id", "field", "value")),
    CREATE_RECORD(List.of("entity", "data")),
    WEBHOOK(List.of("url", "method", "headers")),
    SEND_EVENT(List.of("event", "data"));

    /** The wire names, in order, for messages that list what is allowed. */
    public static final List<String> NAMES = WireNames.of(values());

    private final String wireName = WireNames.of(this);
    private final List<String> keys;

    ActionType(List<String> keys) {
        this.keys = keys;
    }

    public String wireName() {
        return wireName;
    }

    /** Every key an action of this type may carry, {@code type} first. */
    public List<String> keys() {
        List<String> all = new ArrayList<>();
        all.add("type");
        all.addAll(keys);
        return all;
    }

    @Override
    public String toString() {
        return wireName;
    }

    /** The value of a wire name, or null. */
    public static ActionType parse(Object v) {
        return WireNames.parse(ActionType.class, v);
    }

    /** The type of an action object, or null. */
    public static ActionType of(Map<?, ?> action) {
        return action == null ? null : parse(action.get("type"));
    }
}
