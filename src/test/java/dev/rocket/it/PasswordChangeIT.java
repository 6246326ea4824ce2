package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.assertError;
import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rocket.auth.Passwords;
import dev.rocket.it.support.Http;
import dev.rocket.it.support.RocketDatabase;
import dev.rocket.it.support.RocketItBase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, finding 10: users change their own password ({@code POST …/auth/password}) — app users and
 * platform users alike. The current password is required; the new one follows the rule of the users admin
 * API (at least 8 characters); every refresh token of the user is revoked and the caller gets a new pair.
 */
class PasswordChangeIT extends RocketItBase {
    private static Map<String, Object> change(String current, String next) {
        return Map.of("current_password", current, "new_password", next);
    }

    @Test
    void appUserChangesTheirPasswordAndEverySessionButTheNewOneEnds() {
        String app = newApp();
        createUser(app, appAdminToken(app), "u@example.com", "secret-1", List.of("clerk"));
        Tokens first = login(app, "u@example.com", "secret-1");
        Tokens second = login(app, "u@example.com", "secret-1");

        Http.Res r = assertStatus(http.post("api/" + app + "/auth/password", first.access(), change("secret-1", "new-secret-2")), 200);
        Tokens fresh = Tokens.of(r);
        assertThat(fresh.access()).isNotBlank();
        assertThat(fresh.refresh()).isNotBlank();

        for (Tokens old : List.of(first, second)) {
            assertError(http.post("api/" + app + "/auth/refresh", null, Map.of("refresh_token", old.refresh())), 401, "UNAUTHORIZED");
        }
        assertStatus(http.post("api/" + app + "/auth/refresh", null, Map.of("refresh_token", fresh.refresh())), 200);
        assertError(http.post("api/" + app + "/auth/login", null, Map.of("email", "u@example.com", "password", "secret-1")),
                401, "UNAUTHORIZED");
        login(app, "u@example.com", "new-secret-2");
    }

    @Test
    void theSeededAppAdminCanLeaveTheDefaultPassword() {
        String app = newApp();
        assertStatus(http.post("api/" + app + "/auth/password", appAdminToken(app), change(SEED_PASSWORD, "a-better-one")), 200);
        assertError(http.post("api/" + app + "/auth/login", null, Map.of("email", ADMIN_EMAIL, "password", SEED_PASSWORD)),
                401, "UNAUTHORIZED");
        login(app, ADMIN_EMAIL, "a-better-one");
    }

    @Test
    void badRequestsAreRefusedAndChangeNothing() {
        String app = newApp();
        createUser(app, appAdminToken(app), "u@example.com", "secret-1", List.of());
        String token = login(app, "u@example.com", "secret-1").access();
        String path = "api/" + app + "/auth/password";

        assertError(http.post(path, null, change("secret-1", "new-secret-2")), 401, "UNAUTHORIZED");
        assertError(http.post(path, token, change("wrong-one", "new-secret-2")), 401, "UNAUTHORIZED");
        assertError(http.post(path, token, Map.of("new_password", "new-secret-2")), 422, "VALIDATION_FAILED");
        assertError(http.post(path, token, Map.of("current_password", "secret-1")), 422, "VALIDATION_FAILED");
        Http.Res shortOne = assertError(http.post(path, token, change("secret-1", "short")), 422, "VALIDATION_FAILED");
        assertThat(shortOne.errorMessage()).contains("at least 8 characters");
        assertError(http.post(path, token, change("secret-1", "secret-1")), 422, "VALIDATION_FAILED");
        assertError(http.post(path, token, Map.of("current_password", "secret-1", "new_password", 12345678)), 422,
                "VALIDATION_FAILED");
        assertError(http.post(path, token, "{"), 400, "INVALID_PAYLOAD");
        // a platform token administers the app but is no user of it
        assertError(http.post(path, platformToken(), change("secret-1", "new-secret-2")), 403, "FORBIDDEN");

        login(app, "u@example.com", "secret-1");
    }

    @Test
    void wrongCurrentPasswordsCountAgainstTheLoginThrottle() {
        String app = newApp();
        createUser(app, appAdminToken(app), "u@example.com", "secret-1", List.of());
        String token = login(app, "u@example.com", "secret-1").access();
        for (int i = 0; i < 10; i++) {
            assertError(http.post("api/" + app + "/auth/password", token, change("guess-" + i, "new-secret-2")), 401, "UNAUTHORIZED");
        }
        assertError(http.post("api/" + app + "/auth/password", token, change("secret-1", "new-secret-2")), 429, "TOO_MANY_REQUESTS");
    }

    @Test
    void theUsersAdminApiAppliesTheSameMinimumLength() {
        String app = newApp();
        String admin = appAdminToken(app);
        Http.Res r = assertError(http.post("api/" + app + "/_admin/users", admin,
                Map.of("email", "s@example.com", "password", "1234567")), 422, "VALIDATION_FAILED");
        assertThat(r.errorMessage()).contains("password must be at least 8 characters");
        String id = createUser(app, admin, "s@example.com", "12345678", List.of()).path("id").asText();
        assertError(http.put("api/" + app + "/_admin/users/" + id, admin, Map.of("email", "s@example.com", "password", "short")),
                422, "VALIDATION_FAILED");
    }

    @Test
    void platformUserChangesTheirPassword() throws Exception {
        String email = "pw-" + randomAppName() + "@localhost";
        try (Connection c = RocketDatabase.connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO _platform_users (email, password_hash) VALUES (?, ?)")) {
            ps.setString(1, email);
            ps.setString(2, Passwords.hash("first-pass-1"));
            ps.executeUpdate();
        }
        try {
            Tokens t = login("_platform", email, "first-pass-1");
            Http.Res r = assertStatus(http.post("api/_platform/auth/password", t.access(), change("first-pass-1", "second-pass-2")), 200);
            assertError(http.post("api/_platform/auth/refresh", null, Map.of("refresh_token", t.refresh())), 401, "UNAUTHORIZED");
            assertStatus(http.get("api/_platform/apps", Tokens.of(r).access()), 200);
            assertError(http.post("api/_platform/auth/login", null, Map.of("email", email, "password", "first-pass-1")),
                    401, "UNAUTHORIZED");
            login("_platform", email, "second-pass-2");
            assertError(http.post("api/_platform/auth/password", t.access(), change("wrong-pass", "third-pass-3")), 401,
                    "UNAUTHORIZED");
            // an app token is no platform token
            String app = newApp();
            assertError(http.post("api/_platform/auth/password", appAdminToken(app), change(SEED_PASSWORD, "third-pass-3")),
                    401, "UNAUTHORIZED");
        } finally {
            try (Connection c = RocketDatabase.connect();
                 PreparedStatement ps = c.prepareStatement("DELETE FROM _platform_users WHERE email = ?")) {
                ps.setString(1, email);
                ps.executeUpdate();
            }
        }
    }
}
