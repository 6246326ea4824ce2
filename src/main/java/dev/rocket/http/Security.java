package dev.rocket.http;

import dev.rocket.auth.ActiveUsers;
import dev.rocket.auth.Caller;
import dev.rocket.auth.TokenIssuer;
import dev.rocket.error.ApiException;
import dev.rocket.tenancy.AppContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.ArrayList;
import java.util.List;

/** Authenticates requests from the {@code Authorization: Bearer <jwt>} header. */
public final class Security {
    private final TokenIssuer platformTokens;
    private final ActiveUsers platformUsers;

    public Security(TokenIssuer platformTokens, ActiveUsers platformUsers) {
        this.platformTokens = platformTokens;
        this.platformUsers = platformUsers;
    }

    /** Platform routes: a valid platform token only (app tokens are refused). */
    public Caller platform(HttpHeaders headers) {
        Caller c = platformTokens.verify(bearer(headers.getRequestHeader(HttpHeaders.AUTHORIZATION)), true);
        if (c == null || !platformUsers.isActive(c.id())) {
            throw ApiException.unauthorized("Invalid or expired token");
        }
        return c;
    }

    /** App routes: that app's token, else a platform token, which administers every app. */
    public Caller app(AppContext app, HttpHeaders headers) {
        return app(app, headers.getRequestHeader(HttpHeaders.AUTHORIZATION));
    }

    public Caller app(AppContext app, List<String> authorization) {
        String token = bearer(authorization);
        Caller c = app.tokens().verify(token, false);
        if (c != null) {
            if (!app.activeUsers().isActive(c.id())) {
                throw ApiException.unauthorized("Invalid or expired token");
            }
            return c;
        }
        Caller p = platformTokens.verify(token, true);
        if (p == null || !platformUsers.isActive(p.id())) {
            throw ApiException.unauthorized("Invalid or expired token");
        }
        List<String> roles = new ArrayList<>(p.roles());
        if (!roles.contains("admin")) {
            roles.add("admin");
        }
        return new Caller(p.id(), roles, true);
    }

    public Caller appAdmin(AppContext app, HttpHeaders headers) {
        Caller c = app(app, headers);
        requireAdmin(c);
        return c;
    }

    public static void requireAdmin(Caller c) {
        if (!c.isAdmin()) {
            throw ApiException.forbidden("Admin access required");
        }
    }

    static String bearer(List<String> values) {
        if (values == null || values.isEmpty() || values.get(0) == null || values.get(0).isBlank()) {
            throw ApiException.unauthorized("Missing auth token");
        }
        if (values.size() > 1) {
            throw ApiException.unauthorized("Invalid auth header format");
        }
        // "Bearer <token>": scheme case-insensitive, exactly two parts (no regex on the hot path)
        String h = values.get(0).trim();
        int sp = h.indexOf(' ');
        String token = sp < 0 ? "" : h.substring(sp + 1).trim();
        if (sp != 6 || !h.regionMatches(true, 0, "Bearer", 0, 6) || token.isEmpty() || token.length() > 8192
                || hasWhitespace(token)) {
            throw ApiException.unauthorized("Invalid auth header format");
        }
        return token;
    }

    /** Header values hold no CR/LF (the container refuses them): space and tab are the whitespace to find. */
    private static boolean hasWhitespace(String s) {
        return s.indexOf(' ') >= 0 || s.indexOf('\t') >= 0;
    }
}
