package dev.rocket.webhook;

import java.util.UUID;

/** Ids from URLs and filters: a malformed id is simply one that does not exist. */
final class Ids {
    private Ids() {
    }

    /** The UUID, or null when {@code id} is not one. */
    static UUID parse(String id) {
        if (id == null || id.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
