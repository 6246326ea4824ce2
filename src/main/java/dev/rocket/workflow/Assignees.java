package dev.rocket.workflow;

import dev.rocket.auth.Caller;
import java.util.List;
import java.util.Map;

/** Who may decide an approval step (docs/workflows.md#definition): admin always; role, fixed user or a relation path. */
final class Assignees {
    private Assignees() {
    }

    static boolean allowed(Caller caller, Map<String, Object> assignee, Map<String, Object> context) {
        if (caller.isAdmin()) {
            return true;
        }
        Object type = assignee.get("type");
        Object value = assignee.get("value");
        if ("role".equals(type)) {
            Object role = assignee.getOrDefault("role", value);
            return role instanceof String r && caller.hasAnyRole(List.of(r));
        }
        if ("fixed".equals(type)) {
            Object user = assignee.getOrDefault("user", value);
            return user != null && String.valueOf(user).equals(caller.id());
        }
        if ("relation".equals(type)) {
            Object path = assignee.getOrDefault("path", value);
            if (!(path instanceof String p)) {
                return false;
            }
            Object v = ContextMapper.get(Map.of("context", context), p.startsWith("context.") ? p : "context." + p);
            return v != null && String.valueOf(v).equals(caller.id());
        }
        return false;
    }
}
