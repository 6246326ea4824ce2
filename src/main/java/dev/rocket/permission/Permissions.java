package dev.rocket.permission;

import dev.rocket.auth.Caller;
import dev.rocket.error.ApiException;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.Registry;
import dev.rocket.query.Condition;
import java.util.List;
import java.util.Map;

/**
 * Whitelist access control for entity routes (SPEC §11): the {@code admin} role passes; anyone else
 * needs a policy. Read conditions are injected into the plan as WHERE conditions, never applied by
 * filtering rows afterwards.
 */
public final class Permissions {
    private Permissions() {
    }

    /** Conditions restricting what {@code caller} may read of {@code e} (empty = everything), or 403. */
    public static List<Condition> readScope(Registry reg, Caller caller, EntityDef e) {
        if (caller.isAdmin()) {
            return List.of();
        }
        throw ApiException.forbidden("No permission for read on " + e.name());
    }

    /** For includes: the read scope of a related entity, or a condition that matches nothing. */
    public static List<Condition> includeScope(Registry reg, Caller caller, EntityDef e) {
        if (caller.isAdmin()) {
            return List.of();
        }
        return List.of(new Condition.Raw(dev.rocket.db.SqlFragment.of("FALSE")));
    }

    /** create (row = incoming values), update/delete (row = current row). */
    public static void checkWrite(Registry reg, Caller caller, EntityDef e, String action, Map<String, Object> row) {
        if (caller.isAdmin()) {
            return;
        }
        throw ApiException.forbidden("No permission for " + action + " on " + e.name());
    }
}
