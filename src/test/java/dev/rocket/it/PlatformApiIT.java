package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.allKeys;
import static dev.rocket.it.support.ApiAssertions.assertError;
import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocket.it.support.Http;
import dev.rocket.it.support.Jwts;
import dev.rocket.it.support.RocketItBase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /health, platform auth (login, refresh with rotation, logout) and the app catalogue (SPEC §1, §10, §13). */
class PlatformApiIT extends RocketItBase {

    @Test
    void healthAnswersOk() {
        Http.Res r = assertStatus(http.get("health", null), 200);
        assertThat(r.json()).isEqualTo(Http.JSON.valueToTree(Map.of("status", "ok")));
    }

    // ---- platform auth ----

    @Test
    void platformLoginReturnsTokenPair() {
        Tokens t = login("_platform", PLATFORM_EMAIL, SEED_PASSWORD);
        assertThat(t.access()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(t.refresh()).isNotBlank();
        assertThat(t.data().path("expires_in").asLong()).isEqualTo(900);
        Map<String, Object> claims = Jwts.decode(t.access());
        assertThat(claims).containsKeys("sub", "exp", "iat", "roles");
        assertThat(((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue()).isEqualTo(900);
        assertThat(allKeys(t.data())).noneMatch(k -> k.contains("password"));
    }

    @Test
    void platformLoginWrongPasswordIs401() {
        Http.Res r = http.post("api/_platform/auth/login", null,
                Map.of("email", PLATFORM_EMAIL, "password", "wrong-password"));
        assertError(r, 401, "UNAUTHORIZED");
        // a fresh unknown e-mail each run: failed logins may be throttled per e-mail and client address,
        // and the test database can be shared by many runs
        Http.Res unknown = http.post("api/_platform/auth/login", null,
                Map.of("email", randomAppName() + "@localhost", "password", SEED_PASSWORD));
        assertError(unknown, 401, "UNAUTHORIZED");
        assertThat(unknown.errorMessage()).isEqualTo(r.errorMessage());
        // a successful login clears the failure above, so that repeated runs never lock the platform admin out
        login("_platform", PLATFORM_EMAIL, SEED_PASSWORD);
    }

    @Test
    void platformLoginWithoutCredentialsIs401() {
        assertError(http.post("api/_platform/auth/login", null, Map.of()), 401, "UNAUTHORIZED");
        assertError(http.post("api/_platform/auth/login", null, Map.of("email", PLATFORM_EMAIL)), 401, "UNAUTHORIZED");
    }

    @Test
    void platformRefreshRotatesAndRejectsTheOldToken() {
        Tokens first = login("_platform", PLATFORM_EMAIL, SEED_PASSWORD);
        Http.Res r = assertStatus(http.post("api/_platform/auth/refresh", null,
                Map.of("refresh_token", first.refresh())), 200);
        JsonNode second = r.data();
        assertThat(second.path("access_token").asText()).isNotBlank();
        assertThat(second.path("refresh_token").asText()).isNotBlank().isNotEqualTo(first.refresh());
        assertThat(second.path("expires_in").asLong()).isEqualTo(900);
        // the new access token works
        assertStatus(http.get("api/_platform/apps", second.path("access_token").asText()), 200);
        // the new refresh token is good once
        String secondRefresh = second.path("refresh_token").asText();
        assertStatus(http.post("api/_platform/auth/refresh", null, Map.of("refresh_token", secondRefresh)), 200);
        // rotated tokens are rejected (a server may also revoke the user's other tokens on such a replay)
        assertError(http.post("api/_platform/auth/refresh", null, Map.of("refresh_token", first.refresh())),
                401, "UNAUTHORIZED");
        assertError(http.post("api/_platform/auth/refresh", null, Map.of("refresh_token", secondRefresh)),
                401, "UNAUTHORIZED");
    }

    @Test
    void platformRefreshWithUnknownOrMissingTokenIs401() {
        assertError(http.post("api/_platform/auth/refresh", null, Map.of("refresh_token", "not-a-token")),
                401, "UNAUTHORIZED");
        assertError(http.post("api/_platform/auth/refresh", null, Map.of()), 401, "UNAUTHORIZED");
    }

    @Test
    void platformLogoutRevokesTheRefreshToken() {
        Tokens t = login("_platform", PLATFORM_EMAIL, SEED_PASSWORD);
        Http.Res r = assertStatus(http.post("api/_platform/auth/logout", null, Map.of("refresh_token", t.refresh())), 200);
        assertThat(r.json()).isEqualTo(Http.JSON.valueToTree(Map.of("message", "Logged out")));
        assertError(http.post("api/_platform/auth/refresh", null, Map.of("refresh_token", t.refresh())),
                401, "UNAUTHORIZED");
        // logging out an unknown token is fine
        assertStatus(http.post("api/_platform/auth/logout", null, Map.of("refresh_token", "unknown")), 200);
    }

    // ---- apps ----

    @Test
    void createAppReturns201AndSeedsTheAppAdmin() {
        String name = randomAppName();
        deleteAfterTest(name);
        Http.Res r = assertStatus(http.post("api/_platform/apps", platformToken(),
                Map.of("name", name, "display_name", "IT app")), 201);
        JsonNode d = r.data();
        assertThat(d.path("name").asText()).isEqualTo(name);
        assertThat(d.path("display_name").asText()).isEqualTo("IT app");
        assertThat(d.path("db_name").asText()).isEqualTo("rocket_" + name);
        assertThat(d.path("status").asText()).isEqualTo("active");
        assertThat(allKeys(r.json())).doesNotContain("jwt_secret");

        Tokens admin = login(name, ADMIN_EMAIL, SEED_PASSWORD);
        assertThat(admin.data().path("expires_in").asLong()).isEqualTo(900);
        assertThat(Jwts.decode(admin.access()).get("roles")).isEqualTo(List.of("admin"));
    }

    @Test
    void displayNameDefaultsToName() {
        String name = newApp();
        JsonNode d = assertStatus(http.get("api/_platform/apps/" + name, platformToken()), 200).data();
        assertThat(d.path("display_name").asText()).isEqualTo(name);
    }

    @Test
    void listAndGetApps() {
        String a = newApp();
        String b = newApp();
        Http.Res list = assertStatus(http.get("api/_platform/apps", platformToken()), 200);
        assertThat(list.json().path("data").isArray()).isTrue();
        List<String> names = new ArrayList<>();
        list.data().forEach(n -> names.add(n.path("name").asText()));
        assertThat(names).contains(a, b);
        assertThat(names).isSorted();
        assertThat(allKeys(list.json())).doesNotContain("jwt_secret");

        Http.Res get = assertStatus(http.get("api/_platform/apps/" + a, platformToken()), 200);
        assertThat(get.data().path("name").asText()).isEqualTo(a);
        assertThat(get.data().path("db_name").asText()).isEqualTo("rocket_" + a);
        assertThat(get.data().path("status").asText()).isEqualTo("active");
        assertThat(get.data().has("created_at")).isTrue();
        assertThat(get.data().has("updated_at")).isTrue();
        assertThat(allKeys(get.json())).doesNotContain("jwt_secret");
    }

    @Test
    void getUnknownAppIs404() {
        assertError(http.get("api/_platform/apps/" + randomAppName(), platformToken()), 404, "NOT_FOUND");
        assertError(http.delete("api/_platform/apps/" + randomAppName(), platformToken()), 404, "NOT_FOUND");
    }

    @Test
    void duplicateAppIs409() {
        String name = newApp();
        assertError(http.post("api/_platform/apps", platformToken(), Map.of("name", name)), 409, "CONFLICT");
    }

    @Test
    void invalidAppNamesAre422() {
        String tooLong = "a".repeat(70);
        String dbNameTooLong = "a".repeat(57); // rocket_ + 57 = 64 > 63
        for (String bad : List.of("Bad Name!", "", " ", "1abc", "_abc", "-abc", "ABC", "a.b", "a/b", tooLong, dbNameTooLong)) {
            if (bad.matches("[a-z0-9_-]+")) {
                deleteAfterTest(bad); // in case the server wrongly created it
            }
            assertError(http.post("api/_platform/apps", platformToken(), Map.of("name", bad)), 422, "VALIDATION_FAILED");
        }
        assertError(http.post("api/_platform/apps", platformToken(), Map.of()), 422, "VALIDATION_FAILED");
        assertError(http.post("api/_platform/apps", platformToken(), Map.of("display_name", "x")), 422, "VALIDATION_FAILED");
        Map<String, Object> nullName = new HashMap<>();
        nullName.put("name", null);
        assertError(http.post("api/_platform/apps", platformToken(), nullName), 422, "VALIDATION_FAILED");
    }

    @Test
    void hyphenatedNameMapsToUnderscoreDatabase() {
        String name = randomAppName() + "-x";
        deleteAfterTest(name);
        Http.Res r = assertStatus(http.post("api/_platform/apps", platformToken(), Map.of("name", name)), 201);
        assertThat(r.data().path("db_name").asText()).isEqualTo("rocket_" + name.replace('-', '_'));
        // a second app whose database name would clash
        String clash = name.replace('-', '_');
        deleteAfterTest(clash);
        JsonNode error = assertError(http.post("api/_platform/apps", platformToken(), Map.of("name", clash)), 409,
                "CONFLICT").json().path("error");
        // the message names the app that holds the database, not the one asked for
        assertThat(error.path("message").asText()).isEqualTo("App name " + clash + " clashes with the existing app "
                + name + ": both would use the database rocket_" + clash + " (hyphens become underscores in database "
                + "names). Choose another name.");
        assertThat(assertError(http.post("api/_platform/apps", platformToken(), Map.of("name", name)), 409, "CONFLICT")
                .json().path("error").path("message").asText()).isEqualTo("App already exists: " + name);
    }

    @Test
    void deleteAppThen404AndAppRoutesAnswerAppNotFound() {
        String name = newApp();
        String adminToken = appAdminToken(name);
        Http.Res del = assertStatus(http.delete("api/_platform/apps/" + name, platformToken()), 200);
        assertThat(del.json()).isEqualTo(Http.JSON.valueToTree(Map.of("message", "App deleted")));
        assertError(http.get("api/_platform/apps/" + name, platformToken()), 404, "NOT_FOUND");
        assertError(http.delete("api/_platform/apps/" + name, platformToken()), 404, "NOT_FOUND");
        Http.Res login = http.post("api/" + name + "/auth/login", null,
                Map.of("email", ADMIN_EMAIL, "password", SEED_PASSWORD));
        assertError(login, 404, "APP_NOT_FOUND");
        assertError(http.get("api/" + name + "/_admin/users", adminToken), 404, "APP_NOT_FOUND");
        List<String> names = new ArrayList<>();
        assertStatus(http.get("api/_platform/apps", platformToken()), 200).data()
                .forEach(n -> names.add(n.path("name").asText()));
        assertThat(names).doesNotContain(name);
    }

    @Test
    void unknownAppRoutesAnswerAppNotFoundBeforeAuth() {
        String name = randomAppName();
        assertError(http.post("api/" + name + "/auth/login", null,
                Map.of("email", ADMIN_EMAIL, "password", SEED_PASSWORD)), 404, "APP_NOT_FOUND");
        assertError(http.get("api/" + name + "/_admin/users", null), 404, "APP_NOT_FOUND");
        assertError(http.get("api/" + name + "/things", null), 404, "APP_NOT_FOUND");
    }

    @Test
    void appManagementRequiresAPlatformToken() {
        assertError(http.get("api/_platform/apps", null), 401, "UNAUTHORIZED");
        assertError(http.post("api/_platform/apps", null, Map.of("name", randomAppName())), 401, "UNAUTHORIZED");
        assertError(http.get("api/_platform/apps/whatever", null), 401, "UNAUTHORIZED");
        assertError(http.delete("api/_platform/apps/whatever", null), 401, "UNAUTHORIZED");
    }
}
