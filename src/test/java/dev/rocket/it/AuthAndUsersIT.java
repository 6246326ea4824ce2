package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.allKeys;
import static dev.rocket.it.support.ApiAssertions.assertError;
import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static dev.rocket.it.support.ApiAssertions.fieldNames;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocket.it.support.Http;
import dev.rocket.it.support.Jwts;
import dev.rocket.it.support.RocketItBase;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Token checks on app and platform routes, app auth and the users admin API (SPEC §10, §13). */
class AuthAndUsersIT extends RocketItBase {
    private static final List<String> USER_FIELDS = List.of("id", "email", "roles", "active", "created_at", "updated_at");

    // ---- token checks ----

    @Test
    void missingOrMalformedAuthorizationIs401() {
        String app = newApp();
        String path = "api/" + app + "/_admin/users";
        assertError(http.get(path, null), 401, "UNAUTHORIZED");
        for (String header : List.of("Basic YWRtaW5AbG9jYWxob3N0OmNoYW5nZW1l", "Bearer", "Bearer ", "Bearer garbage",
                "Bearer a.b.c", "Bearer " + appAdminToken(app) + " extra", "Token " + appAdminToken(app),
                appAdminToken(app), "Bearer eyJhbGciOiJIUzI1NiJ9.e30.", "Bearer ..")) {
            Http.Res r = http.raw("GET", path, Map.of("Authorization", header), null);
            assertError(r, 401, "UNAUTHORIZED");
        }
        // the scheme is case-insensitive
        assertStatus(http.raw("GET", path, Map.of("Authorization", "bearer " + appAdminToken(app)), null), 200);
    }

    @Test
    void forgedTokensWithTheRightSecretButOneFlawAre401() {
        String app = newApp();
        String secret = appSecret(app);
        String issuer = "rocket:app:" + app;
        String path = "api/" + app + "/_admin/users";
        String sub = assertStatus(http.get(path, appAdminToken(app)), 200).data().get(0).path("id").asText();
        long now = Instant.now().getEpochSecond();

        // control: a token made here the way Rocket makes them is accepted, so each flaw below is the cause
        String good = Jwts.hmac("HS256", secret, Jwts.validClaims(issuer, sub, List.of("admin")));
        assertStatus(http.get(path, good), 200);

        String expired = Jwts.hmac("HS256", secret, Jwts.claims(issuer, sub, List.of("admin"), now - 7200, now - 3600));
        assertError(http.get(path, expired), 401, "UNAUTHORIZED");
        String none = Jwts.none(Jwts.validClaims(issuer, sub, List.of("admin")));
        assertError(http.get(path, none), 401, "UNAUTHORIZED");
        String hs512 = Jwts.hmac("HS512", secret, Jwts.validClaims(issuer, sub, List.of("admin")));
        assertError(http.get(path, hs512), 401, "UNAUTHORIZED");
        String wrongSecret = Jwts.hmac("HS256", secret + "x", Jwts.validClaims(issuer, sub, List.of("admin")));
        assertError(http.get(path, wrongSecret), 401, "UNAUTHORIZED");
        Map<String, Object> noExp = new LinkedHashMap<>(Jwts.validClaims(issuer, sub, List.of("admin")));
        noExp.remove("exp");
        assertError(http.get(path, Jwts.hmac("HS256", secret, noExp)), 401, "UNAUTHORIZED");
        // tampered payload: roles changed after signing
        String[] parts = Jwts.hmac("HS256", secret, Jwts.validClaims(issuer, sub, List.of("viewer"))).split("\\.");
        String[] admin = good.split("\\.");
        assertError(http.get(path, parts[0] + "." + admin[1] + "." + parts[2]), 401, "UNAUTHORIZED");
    }

    @Test
    void forgedPlatformTokensAreCheckedLikewise() {
        String secret = platformSecret();
        String sub = Jwts.decode(platformToken()).get("sub").toString();
        long now = Instant.now().getEpochSecond();
        String good = Jwts.hmac("HS256", secret, Jwts.validClaims("rocket:platform", sub, List.of("platform_admin")));
        assertStatus(http.get("api/_platform/apps", good), 200);
        String expired = Jwts.hmac("HS256", secret,
                Jwts.claims("rocket:platform", sub, List.of("platform_admin"), now - 7200, now - 3600));
        assertError(http.get("api/_platform/apps", expired), 401, "UNAUTHORIZED");
        assertError(http.get("api/_platform/apps", Jwts.none(Jwts.validClaims("rocket:platform", sub, List.of()))),
                401, "UNAUTHORIZED");
        assertError(http.get("api/_platform/apps",
                Jwts.hmac("HS512", secret, Jwts.validClaims("rocket:platform", sub, List.of()))), 401, "UNAUTHORIZED");
    }

    /** Issue 10, finding 9: a well-signed token with exp in the year 3000 was accepted. */
    @Test
    void tokenLifetimeIsBoundedByIatAndTheConfiguredTtl() {
        String app = newApp();
        String secret = appSecret(app);
        String issuer = "rocket:app:" + app;
        String path = "api/" + app + "/_admin/users";
        String sub = assertStatus(http.get(path, appAdminToken(app)), 200).data().get(0).path("id").asText();
        long now = Instant.now().getEpochSecond();
        long year3000 = Instant.parse("3000-01-01T00:00:00Z").getEpochSecond();
        List<String> admin = List.of("admin");

        assertStatus(http.get(path, Jwts.hmac("HS256", secret, Jwts.claims(issuer, sub, admin, now, now + 900))), 200);
        assertError(http.get(path, Jwts.hmac("HS256", secret, Jwts.claims(issuer, sub, admin, now, year3000))),
                401, "UNAUTHORIZED");
        assertError(http.get(path, Jwts.hmac("HS256", secret, Jwts.claims(issuer, sub, admin, now, now + 901))),
                401, "UNAUTHORIZED");
        assertError(http.get(path, Jwts.hmac("HS256", secret, Jwts.claims(issuer, sub, admin, year3000 - 900, year3000))),
                401, "UNAUTHORIZED");
        Map<String, Object> noIat = new LinkedHashMap<>(Jwts.claims(issuer, sub, admin, now, now + 600));
        noIat.remove("iat");
        assertError(http.get(path, Jwts.hmac("HS256", secret, noIat)), 401, "UNAUTHORIZED");

        String platform = platformSecret();
        String platformSub = Jwts.decode(platformToken()).get("sub").toString();
        List<String> roles = List.of("platform_admin");
        assertStatus(http.get("api/_platform/apps",
                Jwts.hmac("HS256", platform, Jwts.claims("rocket:platform", platformSub, roles, now, now + 900))), 200);
        assertError(http.get("api/_platform/apps",
                Jwts.hmac("HS256", platform, Jwts.claims("rocket:platform", platformSub, roles, now, year3000))),
                401, "UNAUTHORIZED");
        // a forged platform token is refused on app routes too
        assertError(http.get(path, Jwts.hmac("HS256", platform, Jwts.claims("rocket:platform", platformSub, roles, now, year3000))),
                401, "UNAUTHORIZED");
    }

    @Test
    void tokenOfOneAppIsRejectedByAnother() {
        String a = newApp();
        String b = newApp();
        String tokenA = appAdminToken(a);
        assertStatus(http.get("api/" + a + "/_admin/users", tokenA), 200);
        assertError(http.get("api/" + b + "/_admin/users", tokenA), 401, "UNAUTHORIZED");
        // a token signed with A's secret but claiming B's issuer is still refused by B
        String forged = Jwts.hmac("HS256", appSecret(a), Jwts.validClaims("rocket:app:" + b,
                Jwts.decode(tokenA).get("sub").toString(), List.of("admin")));
        assertError(http.get("api/" + b + "/_admin/users", forged), 401, "UNAUTHORIZED");
    }

    @Test
    void appTokenIsRejectedOnPlatformRoutes() {
        String app = newApp();
        String token = appAdminToken(app);
        assertError(http.get("api/_platform/apps", token), 401, "UNAUTHORIZED");
        assertError(http.get("api/_platform/apps/" + app, token), 401, "UNAUTHORIZED");
        assertError(http.post("api/_platform/apps", token, Map.of("name", randomAppName())), 401, "UNAUTHORIZED");
        assertError(http.delete("api/_platform/apps/" + app, token), 401, "UNAUTHORIZED");
        assertStatus(http.get("api/_platform/apps/" + app, platformToken()), 200);
    }

    @Test
    void platformTokenWorksOnAppAdminRoutes() {
        String app = newApp();
        assertStatus(http.get("api/" + app + "/_admin/users", platformToken()), 200);
        assertStatus(http.get("api/" + app + "/_admin/entities", platformToken()), 200);
        JsonNode u = assertStatus(http.post("api/" + app + "/_admin/users", platformToken(),
                Map.of("email", "made-by-platform@example.com", "password", "secret-1")), 201).data();
        assertStatus(http.delete("api/" + app + "/_admin/users/" + u.path("id").asText(), platformToken()), 200);
    }

    // ---- app auth ----

    @Test
    void appLoginRefreshLogout() {
        String app = newApp();
        assertError(http.post("api/" + app + "/auth/login", null,
                Map.of("email", ADMIN_EMAIL, "password", "nope")), 401, "UNAUTHORIZED");
        assertError(http.post("api/" + app + "/auth/login", null,
                Map.of("email", "ghost@example.com", "password", SEED_PASSWORD)), 401, "UNAUTHORIZED");
        Tokens t = login(app, ADMIN_EMAIL, SEED_PASSWORD);
        assertThat(t.data().path("expires_in").asLong()).isEqualTo(900);
        Http.Res r = assertStatus(http.post("api/" + app + "/auth/refresh", null, Map.of("refresh_token", t.refresh())), 200);
        String second = r.data().path("refresh_token").asText();
        assertThat(r.data().path("expires_in").asLong()).isEqualTo(900);
        assertThat(second).isNotEqualTo(t.refresh());
        assertError(http.post("api/" + app + "/auth/refresh", null, Map.of("refresh_token", t.refresh())),
                401, "UNAUTHORIZED");
        assertStatus(http.post("api/" + app + "/auth/logout", null, Map.of("refresh_token", second)), 200);
        assertError(http.post("api/" + app + "/auth/refresh", null, Map.of("refresh_token", second)),
                401, "UNAUTHORIZED");
        // a refresh token of one app is unknown to the platform and to another app
        Tokens again = login(app, ADMIN_EMAIL, SEED_PASSWORD);
        assertError(http.post("api/_platform/auth/refresh", null, Map.of("refresh_token", again.refresh())),
                401, "UNAUTHORIZED");
    }

    // ---- users admin API ----

    @Test
    void userCrud() {
        String app = newApp();
        String admin = appAdminToken(app);
        String users = "api/" + app + "/_admin/users";
        List<Http.Res> responses = new ArrayList<>();

        Http.Res created = assertStatus(http.post(users, admin,
                Map.of("email", "clerk@example.com", "password", "secret-1", "roles", List.of("clerk"))), 201);
        responses.add(created);
        JsonNode u = created.data();
        assertThat(fieldNames(u)).containsExactlyInAnyOrderElementsOf(USER_FIELDS);
        assertThat(u.path("email").asText()).isEqualTo("clerk@example.com");
        assertThat(u.path("roles")).isEqualTo(Http.JSON.valueToTree(List.of("clerk")));
        assertThat(u.path("active").asBoolean()).isTrue();
        String id = u.path("id").asText();
        assertThat(id).matches("[0-9a-f-]{36}");

        Http.Res got = assertStatus(http.get(users + "/" + id, admin), 200);
        responses.add(got);
        assertThat(got.data()).isEqualTo(u);

        Http.Res list = assertStatus(http.get(users, admin), 200);
        responses.add(list);
        List<String> emails = new ArrayList<>();
        list.data().forEach(n -> emails.add(n.path("email").asText()));
        assertThat(emails).containsExactly(ADMIN_EMAIL, "clerk@example.com");

        Http.Res put = assertStatus(http.put(users + "/" + id, admin,
                Map.of("email", "clerk2@example.com", "roles", List.of("clerk", "viewer"))), 200);
        responses.add(put);
        assertThat(put.data().path("email").asText()).isEqualTo("clerk2@example.com");
        assertThat(put.data().path("roles")).isEqualTo(Http.JSON.valueToTree(List.of("clerk", "viewer")));
        assertThat(put.data().path("active").asBoolean()).isTrue();
        // roles and active are left unchanged when absent
        Http.Res put2 = assertStatus(http.put(users + "/" + id, admin, Map.of("email", "clerk2@example.com")), 200);
        responses.add(put2);
        assertThat(put2.data().path("roles")).isEqualTo(Http.JSON.valueToTree(List.of("clerk", "viewer")));
        assertThat(put2.data().path("active").asBoolean()).isTrue();
        // password unchanged when absent: the user can still log in with it
        responses.add(http.post("api/" + app + "/auth/login", null,
                Map.of("email", "clerk2@example.com", "password", "secret-1")));
        assertStatus(responses.get(responses.size() - 1), 200);

        Http.Res del = assertStatus(http.delete(users + "/" + id, admin), 200);
        assertThat(del.json()).isEqualTo(Http.JSON.valueToTree(Map.of("data", Map.of("id", id, "deleted", true))));
        assertError(http.get(users + "/" + id, admin), 404, "NOT_FOUND");
        assertError(http.delete(users + "/" + id, admin), 404, "NOT_FOUND");
        assertError(http.put(users + "/" + id, admin, Map.of("email", "x@example.com")), 404, "NOT_FOUND");
        assertError(http.get(users + "/not-a-uuid", admin), 404, "NOT_FOUND");

        for (Http.Res r : responses) {
            assertThat(allKeys(r.json())).as("keys of %s", r).noneMatch(k -> k.toLowerCase().contains("password"));
            assertThat(r.body()).as("body of %s", r).doesNotContain("$2a$", "$2b$", "$2y$");
        }
    }

    @Test
    void userValidation() {
        String app = newApp();
        String admin = appAdminToken(app);
        String users = "api/" + app + "/_admin/users";
        assertError(http.post(users, admin, Map.of("password", "secret-1")), 422, "VALIDATION_FAILED");
        assertError(http.post(users, admin, Map.of("email", "a@example.com")), 422, "VALIDATION_FAILED");
        assertError(http.post(users, admin, Map.of("email", "a@example.com", "password", "")), 422, "VALIDATION_FAILED");
        assertError(http.post(users, admin, Map.of("email", "not-an-email", "password", "x")), 422, "VALIDATION_FAILED");
        createUser(app, admin, "dup@example.com", "secret-1", List.of());
        assertError(http.post(users, admin, Map.of("email", "dup@example.com", "password", "secret-2")), 409, "CONFLICT");
        String id = createUser(app, admin, "other@example.com", "secret-1", List.of()).path("id").asText();
        assertError(http.put(users + "/" + id, admin, Map.of("roles", "x")), 422, "VALIDATION_FAILED");
        assertError(http.put(users + "/" + id, admin, Map.of("email", "not-an-email")), 422, "VALIDATION_FAILED");
        assertError(http.put(users + "/" + id, admin, Map.of("email", "dup@example.com")), 409, "CONFLICT");
    }

    /** PUT means the same on users as on records: what the body names changes, the rest stays. */
    @Test
    void userPutChangesOnlyWhatTheBodyNames() {
        String app = newApp();
        String admin = appAdminToken(app);
        String users = "api/" + app + "/_admin/users";
        String id = createUser(app, admin, "partial@example.com", "secret-1", List.of("clerk")).path("id").asText();

        JsonNode roles = assertStatus(http.put(users + "/" + id, admin, Map.of("roles", List.of("viewer"))), 200).data();
        assertThat(roles.path("email").asText()).isEqualTo("partial@example.com");
        assertThat(roles.path("roles")).isEqualTo(Http.JSON.valueToTree(List.of("viewer")));
        JsonNode inactive = assertStatus(http.put(users + "/" + id, admin, Map.of("active", false)), 200).data();
        assertThat(inactive.path("email").asText()).isEqualTo("partial@example.com");
        assertThat(inactive.path("roles")).isEqualTo(Http.JSON.valueToTree(List.of("viewer")));
        assertThat(inactive.path("active").asBoolean()).isFalse();
        assertThat(assertStatus(http.get(users + "/" + id, admin), 200).data()).isEqualTo(inactive);
        // an empty body changes nothing
        JsonNode same = assertStatus(http.put(users + "/" + id, admin, Map.of()), 200).data();
        assertThat(same.path("email").asText()).isEqualTo("partial@example.com");
        assertThat(same.path("active").asBoolean()).isFalse();
    }

    @Test
    void nonAdminIsForbiddenOnAdminRoutes() {
        String app = newApp();
        String admin = appAdminToken(app);
        String id = createUser(app, admin, "viewer@example.com", "secret-1", List.of("viewer")).path("id").asText();
        Tokens viewer = login(app, "viewer@example.com", "secret-1");
        assertThat(Jwts.decode(viewer.access()).get("roles")).isEqualTo(List.of("viewer"));
        String users = "api/" + app + "/_admin/users";
        assertError(http.get(users, viewer.access()), 403, "FORBIDDEN");
        assertError(http.post(users, viewer.access(), Map.of("email", "x@example.com", "password", "x")), 403, "FORBIDDEN");
        assertError(http.get(users + "/" + id, viewer.access()), 403, "FORBIDDEN");
        assertError(http.put(users + "/" + id, viewer.access(), Map.of("email", "viewer@example.com", "roles",
                List.of("admin"))), 403, "FORBIDDEN");
        assertError(http.delete(users + "/" + id, viewer.access()), 403, "FORBIDDEN");
        assertError(http.get("api/" + app + "/_admin/entities", viewer.access()), 403, "FORBIDDEN");
        // a user given the admin role gets in
        createUser(app, admin, "admin2@example.com", "secret-1", List.of("admin"));
        assertStatus(http.get(users, login(app, "admin2@example.com", "secret-1").access()), 200);
    }

    @Test
    void inactiveUserCannotLogIn() {
        String app = newApp();
        String admin = appAdminToken(app);
        String users = "api/" + app + "/_admin/users";
        JsonNode off = assertStatus(http.post(users, admin,
                Map.of("email", "off@example.com", "password", "secret-1", "active", false)), 201).data();
        assertThat(off.path("active").asBoolean()).isFalse();
        assertError(http.post("api/" + app + "/auth/login", null,
                Map.of("email", "off@example.com", "password", "secret-1")), 401, "UNAUTHORIZED");

        String id = createUser(app, admin, "on@example.com", "secret-1", List.of()).path("id").asText();
        Tokens t = login(app, "on@example.com", "secret-1");
        assertStatus(http.put(users + "/" + id, admin, Map.of("email", "on@example.com", "active", false)), 200);
        assertError(http.post("api/" + app + "/auth/login", null,
                Map.of("email", "on@example.com", "password", "secret-1")), 401, "UNAUTHORIZED");
        assertError(http.post("api/" + app + "/auth/refresh", null, Map.of("refresh_token", t.refresh())),
                401, "UNAUTHORIZED");
        assertStatus(http.put(users + "/" + id, admin, Map.of("email", "on@example.com", "active", true)), 200);
        login(app, "on@example.com", "secret-1");
    }

    @Test
    void changingPasswordRevokesRefreshTokens() {
        String app = newApp();
        String admin = appAdminToken(app);
        String id = createUser(app, admin, "pw@example.com", "old-secret", List.of()).path("id").asText();
        Tokens t1 = login(app, "pw@example.com", "old-secret");
        Tokens t2 = login(app, "pw@example.com", "old-secret");
        assertStatus(http.put("api/" + app + "/_admin/users/" + id, admin,
                Map.of("email", "pw@example.com", "password", "new-secret")), 200);
        assertError(http.post("api/" + app + "/auth/refresh", null, Map.of("refresh_token", t1.refresh())),
                401, "UNAUTHORIZED");
        assertError(http.post("api/" + app + "/auth/refresh", null, Map.of("refresh_token", t2.refresh())),
                401, "UNAUTHORIZED");
        assertError(http.post("api/" + app + "/auth/login", null,
                Map.of("email", "pw@example.com", "password", "old-secret")), 401, "UNAUTHORIZED");
        login(app, "pw@example.com", "new-secret");
    }

    @Test
    void changingRolesRevokesRefreshTokensAndNewTokensCarryTheNewRoles() {
        String app = newApp();
        String admin = appAdminToken(app);
        String id = createUser(app, admin, "r@example.com", "secret-1", List.of("clerk")).path("id").asText();
        Tokens t = login(app, "r@example.com", "secret-1");
        assertStatus(http.put("api/" + app + "/_admin/users/" + id, admin,
                Map.of("email", "r@example.com", "roles", List.of("clerk", "admin"))), 200);
        assertError(http.post("api/" + app + "/auth/refresh", null, Map.of("refresh_token", t.refresh())),
                401, "UNAUTHORIZED");
        Tokens after = login(app, "r@example.com", "secret-1");
        assertThat(Jwts.decode(after.access()).get("roles")).isEqualTo(List.of("clerk", "admin"));
        assertStatus(http.get("api/" + app + "/_admin/users", after.access()), 200);
    }

    @Test
    void deletingAUserRevokesItsRefreshTokens() {
        String app = newApp();
        String admin = appAdminToken(app);
        String id = createUser(app, admin, "gone@example.com", "secret-1", List.of()).path("id").asText();
        Tokens t = login(app, "gone@example.com", "secret-1");
        assertStatus(http.delete("api/" + app + "/_admin/users/" + id, admin), 200);
        assertError(http.post("api/" + app + "/auth/refresh", null, Map.of("refresh_token", t.refresh())),
                401, "UNAUTHORIZED");
        assertError(http.post("api/" + app + "/auth/login", null,
                Map.of("email", "gone@example.com", "password", "secret-1")), 401, "UNAUTHORIZED");
    }

    @Test
    void usersAreIsolatedBetweenApps() {
        String a = newApp();
        String b = newApp();
        createUser(a, appAdminToken(a), "only-a@example.com", "secret-1", List.of());
        login(a, "only-a@example.com", "secret-1");
        assertError(http.post("api/" + b + "/auth/login", null,
                Map.of("email", "only-a@example.com", "password", "secret-1")), 401, "UNAUTHORIZED");
        Http.Res listB = assertStatus(http.raw("GET", "api/" + b + "/_admin/users",
                Map.of("Authorization", "Bearer " + appAdminToken(b)), BodyPublishers.noBody()), 200);
        assertThat(listB.data().size()).isEqualTo(1);
    }
}
