package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.allKeys;
import static dev.rocket.it.support.ApiAssertions.assertEnvelope;
import static dev.rocket.it.support.ApiAssertions.assertError;
import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static dev.rocket.it.support.AppClient.assertRows;
import static dev.rocket.it.support.AppClient.column;
import static dev.rocket.it.support.AppClient.entityDef;
import static dev.rocket.it.support.AppClient.field;
import static dev.rocket.it.support.AppClient.fkRelation;
import static dev.rocket.it.support.AppClient.m2mRelation;
import static dev.rocket.it.support.AppClient.map;
import static dev.rocket.it.support.AppClient.nested;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocket.it.support.AppClient;
import dev.rocket.it.support.Http;
import dev.rocket.it.support.RocketItBase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Whitelist permissions, row-level read scope, write conditions, tokens, throttling, system data (SPEC §10–§11, issue 5). */
class PermissionsIT extends RocketItBase {
    private static final String PW = "secret-1";
    private final List<AppClient> clients = new ArrayList<>();

    private AppClient admin() {
        String app = newApp();
        AppClient a = new AppClient(http, app, appAdminToken(app));
        clients.add(a);
        return a;
    }

    /** No answer of the test, whatever its route, carried a password hash, a JWT secret or a refresh-token hash. */
    @AfterEach
    void noSecretInAnyResponse() throws Exception {
        List<String> hashes = new ArrayList<>();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (AppClient c : clients) {
            for (Http.Res r : c.seen()) {
                if (r.body().startsWith("{") && r.json().path("data").has("refresh_token")) {
                    String t = r.json().path("data").path("refresh_token").asText();
                    hashes.add(HexFormat.of().formatHex(sha.digest(t.getBytes(StandardCharsets.UTF_8))));
                }
            }
        }
        for (AppClient c : clients) {
            String secret = appSecret(c.app());
            for (Http.Res r : c.seen()) {
                if (r.body().startsWith("{")) {
                    assertThat(allKeys(r.json())).as("%s", r).doesNotContain("password_hash", "jwt_secret", "token_hash");
                }
                assertThat(r.body()).as("%s", r).doesNotContain("$2a$", "$2b$", "$2y$", secret);
                for (String h : hashes) {
                    assertThat(r.body()).as("%s", r).doesNotContainIgnoringCase(h);
                }
            }
        }
        clients.clear();
    }

    /** doc (status, owner, score, project_id, category_id) ←docs(o2m)— project; doc —tags(m2m)→ tag; category —(o2m)→ doc. */
    private void docs(AppClient a) {
        a.entity(entityDef("project", "uuid", true, field("name", "string")));
        a.entity(entityDef("category", "uuid", true, field("name", "string")));
        a.entity(entityDef("tag", "uuid", true, field("name", "string")));
        a.entity(entityDef("doc", "uuid", true, field("title", "string"),
                field("status", "string", "default", "draft"), field("owner", "string"), field("score", "int"),
                field("project_id", "uuid"), field("category_id", "uuid")));
        a.relation(fkRelation("docs", "one_to_many", "project", "doc", "project_id", "restrict"));
        a.relation(fkRelation("category_docs", "one_to_many", "category", "doc", "category_id", "set_null"));
        a.relation(m2mRelation("tags", "doc", "tag", "doc_tags", "detach"));
    }

    private String clerk(AppClient a, String email, String... roles) {
        a.user(email, PW, List.of(roles));
        return a.login(email, PW);
    }

    // ================================================================ whitelist

    @Test
    void withoutAPolicyEveryEntityRouteIs403() {
        AppClient a = admin();
        docs(a);
        String id = a.create("doc", map("title", "t")).path("id").asText();
        AppClient c = a.as(clerk(a, "c@example.com", "clerk"));
        for (Http.Res r : List.of(c.get("doc"), c.get("doc/" + id), c.post("doc", map("title", "x")),
                c.put("doc/" + id, map("title", "changed")), c.delete("doc/" + id))) {
            assertError(r, 403, "FORBIDDEN");
            assertThat(r.errorMessage()).startsWith("No permission for");
        }
        // a policy for one action grants nothing else
        a.permission("doc", "create", List.of("clerk"), List.of());
        assertError(c.get("doc"), 403, "FORBIDDEN");
        assertError(c.put("doc/" + id, map("title", "changed")), 403, "FORBIDDEN");
        assertError(c.delete("doc/" + id), 403, "FORBIDDEN");
        c.create("doc", map("title", "by clerk"));
        assertThat(a.count("doc")).isEqualTo(2);
        assertThat(a.read("doc", id).path("title").asText()).isEqualTo("t");
    }

    @Test
    void roleMismatchIs403AndAdminsBypass() {
        AppClient a = admin();
        docs(a);
        String id = a.create("doc", map("title", "t")).path("id").asText();
        for (String action : List.of("read", "create", "update", "delete")) {
            a.permission("doc", action, List.of("manager"), List.of());
        }
        AppClient c = a.as(clerk(a, "c@example.com", "clerk", "viewer"));
        for (Http.Res r : List.of(c.get("doc"), c.get("doc/" + id), c.post("doc", map("title", "x")),
                c.put("doc/" + id, map("title", "changed")), c.delete("doc/" + id))) {
            assertError(r, 403, "FORBIDDEN");
            assertThat(r.errorMessage()).startsWith("Permission denied for");
        }
        // roles match case-insensitively
        AppClient m = a.as(clerk(a, "m@example.com", "MANAGER"));
        assertThat(m.total("doc", "")).isEqualTo(1);
        // any user with the admin role, and a platform token, bypass the policies
        AppClient boss = a.as(clerk(a, "boss@example.com", "admin"));
        assertThat(boss.total("doc", "")).isEqualTo(1);
        boss.update("doc", id, map("title", "by boss"));
        AppClient platform = a.as(platformToken());
        assertThat(platform.read("doc", id).path("title").asText()).isEqualTo("by boss");
        String other = platform.create("doc", map("title", "by platform")).path("id").asText();
        assertStatus(platform.delete("doc/" + other), 200);
        assertStatus(boss.delete("doc/" + id), 200);
    }

    // ================================================================ read scope

    @Test
    void readConditionsLimitEverythingAReaderCanLearn() {
        AppClient a = admin();
        docs(a);
        String p1 = a.create("project", map("name", "P1")).path("id").asText();
        String p2 = a.create("project", map("name", "P2")).path("id").asText();
        String cat = a.create("category", map("name", "C")).path("id").asText();
        String red = a.create("tag", map("name", "red")).path("id").asText();
        String d1 = a.create("doc", map("title", "alpha", "status", "public", "score", 10, "project_id", p1,
                "category_id", cat, "tags", nested(null, map("id", red)))).path("id").asText();
        a.create("doc", map("title", "beta", "status", "public", "score", 20, "project_id", p2));
        String d3 = a.create("doc", map("title", "gamma", "status", "secret", "score", 99, "project_id", p1,
                "tags", nested(null, map("id", red)))).path("id").asText();
        a.create("doc", map("title", "delta", "status", "secret", "score", 5, "project_id", p2));
        a.permission("doc", "read", List.of("clerk"), List.of(map("field", "status", "operator", "eq", "value", "public")));
        a.permission("project", "read", List.of("clerk"), List.of());
        AppClient c = a.as(clerk(a, "c@example.com", "clerk"));

        // list and total
        JsonNode list = c.list("doc", "");
        assertRows(list, "title", "alpha", "beta");
        assertThat(list.path("meta").path("total").asLong()).isEqualTo(2);
        assertThat(a.count("doc")).isEqualTo(4);
        // by id: invisible looks exactly like missing
        Http.Res hidden = assertError(c.get("doc/" + d3), 404, "NOT_FOUND");
        Http.Res missing = assertError(c.get("doc/00000000-0000-4000-8000-000000000000"), 404, "NOT_FOUND");
        assertThat(hidden.errorMessage().replace(d3, "X")).isEqualTo(missing.errorMessage()
                .replace("00000000-0000-4000-8000-000000000000", "X"));
        assertThat(c.read("doc", d1).path("title").asText()).isEqualTo("alpha");
        // filters on hidden values find nothing
        for (String q : List.of("filter[title]=gamma", "filter[status]=secret", "filter[score.gt]=50",
                "filter[score]=99", "filter[id]=" + d3, "filter[title.like]=%25mm%25", "filter[status.neq]=public",
                "filter[tags.name]=red", "filter[project_id]=" + p1 + "&filter[score.gte]=11")) {
            JsonNode r = c.list("doc", q);
            assertThat(r.path("meta").path("total").asLong()).as(q).isZero();
            assertThat(r.path("data").size()).as(q).isZero();
        }
        assertThat(a.total("doc", "filter[tags.name]=red")).isEqualTo(2);
        // sorting and paging by hidden-bearing fields only ever orders the visible rows
        assertThat(column(c.list("doc", "sort=-score"), "title")).containsExactly("beta", "alpha");
        assertThat(column(c.list("doc", "sort=status,-title"), "title")).containsExactly("beta", "alpha");
        JsonNode page2 = c.list("doc", "sort=-score&per_page=1&page=2");
        assertThat(column(page2, "title")).containsExactly("alpha");
        assertThat(page2.path("meta").path("total").asLong()).isEqualTo(2);
        assertThat(c.list("doc", "sort=-score&per_page=1&page=3").path("data").size()).isZero();
        // related-field filters through the hidden rows find nothing
        assertThat(c.total("project", "filter[docs.title]=gamma")).isZero();
        assertThat(c.total("project", "filter[docs.score.gt]=50")).isZero();
        assertThat(c.total("project", "filter[docs.status]=secret")).isZero();
        assertThat(a.total("project", "filter[docs.title]=gamma")).isEqualTo(1);
        assertRows(c.list("project", "filter[docs.title]=alpha"), "name", "P1");
        // includes obey the target's read scope
        JsonNode projects = c.list("project", "include=docs&sort=name");
        assertThat(column(projects.path("data").get(0).path("docs"), "title")).containsExactly("alpha");
        assertThat(column(projects.path("data").get(1).path("docs"), "title")).containsExactly("beta");
        assertThat(column(c.read("project", p1 + "?include=docs").path("docs"), "title")).containsExactly("alpha");
        assertThat(c.read("doc", d1 + "?include=project").path("project").path("name").asText()).isEqualTo("P1");
        // no policy on the target: the include is empty (list) or null (object)
        JsonNode withTags = c.read("doc", d1 + "?include=tags,category_docs");
        assertThat(withTags.path("tags").isArray()).isTrue();
        assertThat(withTags.path("tags").size()).isZero();
        assertThat(withTags.has("category_docs")).isTrue();
        assertThat(withTags.path("category_docs").isNull()).isTrue();
        assertThat(a.read("doc", d1 + "?include=tags,category_docs").path("tags").size()).isEqualTo(1);
        assertThat(a.read("doc", d1 + "?include=tags,category_docs").path("category_docs").path("name").asText()).isEqualTo("C");
        // the entities without a policy stay closed
        assertError(c.get("tag"), 403, "FORBIDDEN");
        assertError(c.get("category/" + cat), 403, "FORBIDDEN");
    }

    @Test
    void severalPoliciesAreOred() {
        AppClient a = admin();
        docs(a);
        a.create("doc", map("title", "pub", "status", "public", "owner", "x@example.com"));
        a.create("doc", map("title", "mine", "status", "secret", "owner", "c@example.com"));
        a.create("doc", map("title", "theirs", "status", "secret", "owner", "x@example.com"));
        String big = a.create("doc", map("title", "big", "status", "secret", "owner", "x@example.com", "score", 500))
                .path("id").asText();
        a.permission("doc", "read", List.of("clerk"), List.of(map("field", "status", "operator", "eq", "value", "public")));
        a.permission("doc", "read", List.of("clerk"), List.of(map("field", "owner", "operator", "eq", "value", "c@example.com")));
        // a policy of another role with no conditions does not widen the clerk's view
        a.permission("doc", "read", List.of("auditor"), List.of());
        // inside one policy the conditions are ANDed
        a.permission("doc", "read", List.of("clerk"), List.of(map("field", "score", "operator", "gte", "value", 100),
                map("field", "title", "operator", "like", "value", "b%")));
        AppClient c = a.as(clerk(a, "c@example.com", "clerk"));
        assertRows(c.list("doc", ""), "title", "pub", "mine", "big");
        assertThat(c.total("doc", "")).isEqualTo(3);
        assertThat(c.read("doc", big).path("score").asInt()).isEqualTo(500);
        // write policies are ORed the same way
        a.permission("doc", "update", List.of("clerk"), List.of(map("field", "status", "operator", "eq", "value", "public")));
        a.permission("doc", "update", List.of("clerk"), List.of(map("field", "owner", "operator", "in",
                "value", List.of("c@example.com", "d@example.com"))));
        String pub = column(a.list("doc", "filter[title]=pub"), "id").get(0);
        String mine = column(a.list("doc", "filter[title]=mine"), "id").get(0);
        String theirs = column(a.list("doc", "filter[title]=theirs"), "id").get(0);
        c.update("doc", pub, map("score", 1));
        c.update("doc", mine, map("score", 2));
        assertError(c.put("doc/" + theirs, map("score", 3)), 403, "FORBIDDEN");
        assertThat(a.read("doc", theirs).path("score").isNull()).isTrue();
        // a policy without conditions for the role opens everything
        a.permission("doc", "read", List.of("clerk"), List.of());
        assertThat(c.total("doc", "")).isEqualTo(4);
    }

    // ================================================================ write conditions

    @Test
    void writeConditionsAreCheckedOnTheRightRow() {
        AppClient a = admin();
        docs(a);
        a.permission("doc", "read", List.of("clerk"), List.of());
        a.permission("doc", "create", List.of("clerk"), List.of(map("field", "status", "operator", "eq", "value", "draft")));
        a.permission("doc", "update", List.of("clerk"), List.of(map("field", "status", "operator", "eq", "value", "draft")));
        a.permission("doc", "delete", List.of("clerk"), List.of(map("field", "status", "operator", "in",
                "value", List.of("draft", "rejected"))));
        AppClient c = a.as(clerk(a, "c@example.com", "clerk"));

        // create: the incoming row (with defaults) must satisfy the conditions
        String d = c.create("doc", map("title", "explicit", "status", "draft")).path("id").asText();
        String byDefault = c.create("doc", map("title", "by default")).path("id").asText();
        assertThat(c.read("doc", byDefault).path("status").asText()).isEqualTo("draft");
        assertError(c.post("doc", map("title", "published", "status", "published")), 403, "FORBIDDEN");
        assertThat(a.count("doc")).isEqualTo(2);

        // update: judged on the row as stored, so a draft may be published once, then no longer changed
        assertThat(c.update("doc", d, map("status", "published")).path("status").asText()).isEqualTo("published");
        assertError(c.put("doc/" + d, map("status", "draft", "title", "back")), 403, "FORBIDDEN");
        assertThat(a.read("doc", d).path("status").asText()).isEqualTo("published");
        assertThat(a.read("doc", d).path("title").asText()).isEqualTo("explicit");
        // delete: judged on the current row as well
        assertError(c.delete("doc/" + d), 403, "FORBIDDEN");
        assertThat(a.read("doc", d).path("title").asText()).isEqualTo("explicit");
        a.update("doc", d, map("status", "rejected"));
        assertStatus(c.delete("doc/" + d), 200);
        assertStatus(c.delete("doc/" + byDefault), 200);
        assertThat(a.count("doc")).isZero();
    }

    @Test
    void permissionAdminValidation() {
        AppClient a = admin();
        docs(a);
        String id = a.permission("doc", "read", List.of("clerk"), List.of()).path("id").asText();
        for (Map<String, Object> bad : List.of(
                map("entity", "ghost", "action", "read"),
                map("action", "read"),
                map("entity", "doc"),
                map("entity", "doc", "action", "write"),
                map("entity", "doc", "action", "READ"),
                map("entity", "doc", "action", "read", "conditions", List.of(map("field", "nope", "operator", "eq", "value", 1))),
                map("entity", "doc", "action", "read", "conditions", List.of(map("field", "title", "operator", "matches", "value", 1))),
                map("entity", "doc", "action", "read", "conditions", List.of(map("field", "title", "operator", "in", "value", "x"))),
                map("entity", "doc", "action", "read", "conditions", "status = 'x'"),
                map("entity", "doc", "action", "read", "roles", "clerk"),
                map("entity", "_users", "action", "read"),
                map("entity", "doc", "action", "read", "conditions", List.of(map("field", "password_hash", "operator", "eq", "value", "x"))))) {
            assertError(a.post("_admin/permissions", bad), 422, "VALIDATION_FAILED");
            assertError(a.put("_admin/permissions/" + id, bad), 422, "VALIDATION_FAILED");
        }
        JsonNode all = assertStatus(a.get("_admin/permissions"), 200).data();
        assertThat(all.size()).isEqualTo(1);
        assertThat(all.get(0).path("entity").asText()).isEqualTo("doc");
        assertThat(all.get(0).path("action").asText()).isEqualTo("read");
        assertThat(all.get(0).path("roles")).isEqualTo(Http.JSON.valueToTree(List.of("clerk")));
        assertError(a.put("_admin/permissions/" + "00000000-0000-4000-8000-000000000000",
                map("entity", "doc", "action", "read")), 404, "NOT_FOUND");
        assertError(a.get("_admin/permissions/not-a-uuid"), 404, "NOT_FOUND");
    }

    @Test
    void nestedWritesObeyTheChildEntitysPolicies() {
        AppClient a = admin();
        a.entity(entityDef("order", "uuid", true, field("ref", "string")));
        a.entity(entityDef("line", "uuid", true, field("order_id", "uuid"), field("sku", "string")));
        a.relation(fkRelation("lines", "one_to_many", "order", "line", "order_id", "cascade"));
        for (String action : List.of("read", "create", "update")) {
            a.permission("order", action, List.of("clerk"), List.of());
        }
        AppClient c = a.as(clerk(a, "c@example.com", "clerk"));
        String order = a.create("order", map("ref", "R", "lines", nested(null, map("sku", "keep")))).path("id").asText();
        String line = a.read("order", order + "?include=lines").path("lines").get(0).path("id").asText();
        // no policy at all on line: a top-level write is 403 …
        assertError(c.post("line", map("sku", "x", "order_id", order)), 403, "FORBIDDEN");
        assertError(c.delete("line/" + line), 403, "FORBIDDEN");
        // … and so must the same writes be when nested in an order
        Http.Res create = c.post("order", map("ref", "R2", "lines", nested(null, map("sku", "smuggled"))));
        assertError(create, 403, "FORBIDDEN");
        Http.Res delete = c.put("order/" + order, map("lines", nested("diff", map("id", line, "_delete", true))));
        assertError(delete, 403, "FORBIDDEN");
        assertThat(a.count("line")).isEqualTo(1);
        assertThat(a.read("line", line).path("sku").asText()).isEqualTo("keep");
    }

    @Test
    void linkingARowOutsideTheReadScopeRevealsNothing() {
        AppClient a = admin();
        a.entity(entityDef("order", "uuid", true, field("ref", "string")));
        a.entity(entityDef("label", "uuid", true, field("name", "string"), field("hidden", "boolean")));
        a.relation(m2mRelation("labels", "order", "label", "order_labels", "detach"));
        a.permission("order", "create", List.of("clerk"), List.of());
        a.permission("label", "read", List.of("clerk"), List.of(map("field", "hidden", "operator", "eq", "value", false)));
        String hidden = a.create("label", map("name", "h", "hidden", true)).path("id").asText();
        AppClient c = a.as(clerk(a, "c@example.com", "clerk"));
        assertError(c.get("label/" + hidden), 404, "NOT_FOUND");
        // a hidden row must answer like a missing one, or the link is an oracle for ids the reader cannot see
        Http.Res toHidden = c.post("order", map("ref", "a", "labels", nested(null, map("id", hidden))));
        Http.Res toMissing = c.post("order", map("ref", "b", "labels",
                nested(null, map("id", "00000000-0000-4000-8000-000000000000"))));
        assertThat(toHidden.status()).as("%s vs %s", toHidden, toMissing).isEqualTo(toMissing.status());
    }

    // ================================================================ tokens

    private Http.Res refresh(AppClient a, String token) {
        return a.as(null).post("auth/refresh", map("refresh_token", token));
    }

    private Tokens tokens(AppClient a, String email) {
        Http.Res r = assertStatus(a.as(null).post("auth/login", map("email", email, "password", PW)), 200);
        return new Tokens(r.data().path("access_token").asText(), r.data().path("refresh_token").asText(), r.data());
    }

    @Test
    void reusingARefreshTokenRevokesEveryRefreshTokenOfTheUser() {
        AppClient a = admin();
        a.user("u@example.com", PW, List.of());
        a.user("v@example.com", PW, List.of());
        Tokens s1 = tokens(a, "u@example.com");
        Tokens s2 = tokens(a, "u@example.com");
        Tokens other = tokens(a, "v@example.com");
        String rotated = assertStatus(refresh(a, s1.refresh()), 200).data().path("refresh_token").asText();
        // replay of the used token: refused, and every session of the user is cut
        assertError(refresh(a, s1.refresh()), 401, "UNAUTHORIZED");
        assertError(refresh(a, rotated), 401, "UNAUTHORIZED");
        assertError(refresh(a, s2.refresh()), 401, "UNAUTHORIZED");
        // another user is not affected; the user can log in again
        assertStatus(refresh(a, other.refresh()), 200);
        assertStatus(refresh(a, tokens(a, "u@example.com").refresh()), 200);
    }

    @Test
    void passwordRoleAndStatusChangesRevokeRefreshTokens() {
        AppClient a = admin();
        String id = a.user("u@example.com", PW, List.of("clerk"));
        String users = "_admin/users/" + id;
        // e-mail only: tokens stay valid
        Tokens t = tokens(a, "u@example.com");
        assertStatus(a.put(users, map("email", "u@example.com")), 200);
        t = new Tokens(null, assertStatus(refresh(a, t.refresh()), 200).data().path("refresh_token").asText(), null);
        // roles
        assertStatus(a.put(users, map("email", "u@example.com", "roles", List.of("clerk", "viewer"))), 200);
        assertError(refresh(a, t.refresh()), 401, "UNAUTHORIZED");
        // password
        t = tokens(a, "u@example.com");
        assertStatus(a.put(users, map("email", "u@example.com", "password", PW)), 200);
        assertError(refresh(a, t.refresh()), 401, "UNAUTHORIZED");
        // active: off and on again, the old token stays revoked
        t = tokens(a, "u@example.com");
        assertStatus(a.put(users, map("email", "u@example.com", "active", false)), 200);
        assertStatus(a.put(users, map("email", "u@example.com", "active", true)), 200);
        assertError(refresh(a, t.refresh()), 401, "UNAUTHORIZED");
        assertStatus(refresh(a, tokens(a, "u@example.com").refresh()), 200);
    }

    @Test
    void aDeactivatedUsersAccessTokenIsRefusedOnTheNextRequest() {
        AppClient a = admin();
        docs(a);
        a.permission("doc", "read", List.of("clerk"), List.of());
        String id = a.user("u@example.com", PW, List.of("clerk"));
        AppClient u = a.as(a.login("u@example.com", PW));
        assertStatus(u.get("doc"), 200);
        assertStatus(a.put("_admin/users/" + id, map("email", "u@example.com", "active", false)), 200);
        assertError(u.get("doc"), 401, "UNAUTHORIZED");
        assertError(u.post("doc", map("title", "x")), 401, "UNAUTHORIZED");
        // a deleted user's token likewise
        String id2 = a.user("w@example.com", PW, List.of("clerk"));
        AppClient w = a.as(a.login("w@example.com", PW));
        assertStatus(w.get("doc"), 200);
        assertStatus(a.delete("_admin/users/" + id2), 200);
        assertError(w.get("doc"), 401, "UNAUTHORIZED");
    }

    // ================================================================ login throttling

    private static final HttpClient RAW = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private HttpResponse<String> login(String app, Object body) throws Exception {
        return RAW.send(HttpRequest.newBuilder(URI.create(http.uri("api/" + app + "/auth/login").toString()))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Http.write(body))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Http.Res res(HttpResponse<String> r) {
        return new Http.Res("POST login", r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
    }

    @Test
    void loginIsThrottledPerEmailAndAddress() throws Exception {
        AppClient a = admin();
        String app = a.app();
        a.user("victim@example.com", PW, List.of());
        a.user("bystander@example.com", PW, List.of());
        for (int i = 0; i < 10; i++) {
            // other body fields vary: they play no part in the key
            HttpResponse<String> r = login(app, map("email", i % 2 == 0 ? "victim@example.com" : "Victim@Example.com",
                    "password", "wrong-" + i, "attempt", i, "device", "d" + i));
            assertError(res(r), 401, "UNAUTHORIZED");
        }
        for (Object body : List.of(map("email", "victim@example.com", "password", PW),
                map("email", "VICTIM@EXAMPLE.COM", "password", PW),
                map("email", "victim@example.com", "password", PW, "remember_me", true),
                map("email", " victim@example.com ", "password", "wrong"))) {
            HttpResponse<String> r = login(app, body);
            assertError(res(r), 429, "TOO_MANY_REQUESTS");
            String retry = r.headers().firstValue("Retry-After").orElse(null);
            assertThat(retry).as("Retry-After of %s", r.body()).isNotNull().matches("\\d+");
            assertThat(Long.parseLong(retry)).isBetween(1L, 24 * 3600L);
        }
        // another e-mail from the same address is not affected
        assertStatus(res(login(app, map("email", "bystander@example.com", "password", PW))), 200);
        assertError(res(login(app, map("email", "bystander@example.com", "password", "wrong"))), 401, "UNAUTHORIZED");
        assertStatus(res(login(app, map("email", ADMIN_EMAIL, "password", SEED_PASSWORD))), 200);
    }

    // ================================================================ system data

    @Test
    void systemNamesAreRefusedAndSecretsNeverLeave() {
        AppClient a = admin();
        for (String name : List.of("_users", "auth", "_admin", "_files", "_workflows", "_platform", "_refresh_tokens",
                "_audit_log", "_entities", "pg_authid", "pg_catalog", "pg_user", "_x")) {
            assertError(a.post("_admin/entities", entityDef(name, "uuid", true, field("email", "string"))), 422,
                    "VALIDATION_FAILED");
            if (!name.equals("auth")) { // "auth" is reserved as a route name only; a table may be called so
                Map<String, Object> def = entityDef("sneaky", "uuid", true, field("email", "string"),
                        field("password_hash", "string"));
                def.put("table", name);
                assertError(a.post("_admin/entities", def), 422, "VALIDATION_FAILED");
            }
            if (!name.equals("_files")) { // GET /_files is the (admin) file list, a real route
                Http.Res get = assertStatus(a.get(name), 404);
                assertEnvelope(get);
            }
        }
        a.entity(entityDef("person", "uuid", true, field("email", "string")));
        a.entity(entityDef("club", "uuid", true, field("name", "string")));
        for (String join : List.of("_users", "pg_authid", "_refresh_tokens", "person")) {
            assertError(a.post("_admin/relations", m2mRelation("members", "club", "person", join, "detach")), 422,
                    "VALIDATION_FAILED");
        }
        assertThat(assertStatus(a.get("_admin/entities"), 200).data().size()).isEqualTo(2);
        assertError(a.get("person?filter[password_hash]=x"), 400, "UNKNOWN_FIELD");
        assertError(a.get("person?sort=password_hash"), 400, "UNKNOWN_FIELD");
        assertError(a.post("person", map("email", "x", "password_hash", "x")), 422, "VALIDATION_FAILED");

        // every route that shows users, tokens or apps: none of them carries a secret (checked after each test)
        String id = a.user("u@example.com", PW, List.of("clerk"));
        Tokens t = tokens(a, "u@example.com");
        assertStatus(refresh(a, t.refresh()), 200);
        assertStatus(a.get("_admin/users"), 200);
        assertStatus(a.get("_admin/users/" + id), 200);
        assertStatus(a.put("_admin/users/" + id, map("email", "u@example.com", "password", "other-pw-1")), 200);
        assertStatus(a.get("_admin/audit-log"), 200);
        assertStatus(a.get("_admin/entities"), 200);
        assertStatus(a.get("_admin/permissions"), 200);
        AppClient platform = a.as(platformToken());
        assertStatus(platform.http().get("api/_platform/apps", platformToken()), 200);
        Http.Res app = platform.http().get("api/_platform/apps/" + a.app(), platformToken());
        assertStatus(app, 200);
        assertThat(app.body()).doesNotContain("jwt_secret", appSecret(a.app()));
        // a failing request does not echo secrets either
        Http.Res bad = a.post("_admin/users", map("email", "u@example.com", "password", PW));
        assertError(bad, 409, "CONFLICT");
        assertEnvelope(bad);
    }
}
