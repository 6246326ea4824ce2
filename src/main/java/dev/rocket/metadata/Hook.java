package dev.rocket.metadata;

import java.util.List;

/** When rules and webhooks run: before or after a write (create, update) or a delete. */
public enum Hook {
    BEFORE_WRITE, AFTER_WRITE, BEFORE_DELETE, AFTER_DELETE;

    /** The hooks rules run in (no rule runs after a delete). */
    public static final List<Hook> RULE_HOOKS = List.of(BEFORE_WRITE, AFTER_WRITE, BEFORE_DELETE);
    /** The hooks webhooks fire in, in the order their messages list them. */
    public static final List<Hook> WEBHOOK_HOOKS = List.of(AFTER_WRITE, BEFORE_WRITE, AFTER_DELETE, BEFORE_DELETE);

    private final String wireName = WireNames.of(this);

    public String wireName() {
        return wireName;
    }

    /** The wire name, so that messages read as in definitions. */
    @Override
    public String toString() {
        return wireName;
    }

    /** The hook of a wire name among {@code allowed}, or null. */
    public static Hook parse(Object v, List<Hook> allowed) {
        Hook h = WireNames.parse(Hook.class, v);
        return h != null && allowed.contains(h) ? h : null;
    }

    public static List<String> names(List<Hook> hooks) {
        return hooks.stream().map(Hook::wireName).toList();
    }
}
