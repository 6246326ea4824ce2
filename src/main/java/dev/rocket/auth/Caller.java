package dev.rocket.auth;

import java.util.List;

/** The authenticated user of a request: JWT {@code sub} and roles. Platform tokens carry {@code admin} on app routes. */
public record Caller(String id, List<String> roles, boolean platform) {
    public Caller {
        roles = List.copyOf(roles);
    }

    public boolean isAdmin() {
        return roles.contains("admin");
    }

    public boolean hasAnyRole(List<String> wanted) {
        for (String w : wanted) {
            for (String r : roles) {
                if (r.equalsIgnoreCase(w)) {
                    return true;
                }
            }
        }
        return false;
    }
}
