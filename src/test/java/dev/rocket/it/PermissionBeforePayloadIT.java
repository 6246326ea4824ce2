package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.assertError;
import static dev.rocket.it.support.AppClient.entityDef;
import static dev.rocket.it.support.AppClient.field;
import static dev.rocket.it.support.AppClient.fkRelation;
import static dev.rocket.it.support.AppClient.map;
import static dev.rocket.it.support.AppClient.nested;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rocket.it.support.AppClient;
import dev.rocket.it.support.Http;
import dev.rocket.it.support.RocketItBase;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, finding 9: a caller without the right to an action gets 403 before anything of the request's
 * payload (or query) is parsed or validated — it learns nothing about fields, rules or states from 400/422
 * answers. Each case also sends the same request as an admin, to show it would have been refused as invalid.
 */
class PermissionBeforePayloadIT extends RocketItBase {
    private static final String PW = "secret-1";
    /** Invalid in every way an order payload can be: unknown key, wrong type, missing required field. */
    private static final Map<String, Object> BAD = map("bogus", 1, "qty", "many");

    private record Setup(AppClient admin, AppClient viewer, AppClient clerk, String openId, String approvedId) {
    }

    /**
     * order (title required, qty int, status: open → approved for managers only) —lines (o2m)→ order_line;
     * secret (no policy at all). viewer may read orders; clerk may read, create and update open orders.
     */
    private Setup setup() {
        String app = newApp();
        AppClient a = new AppClient(http, app, appAdminToken(app));
        a.entity(entityDef("order", "uuid", false, field("title", "string", "required", true), field("qty", "int"),
                field("status", "string")));
        a.entity(entityDef("order_line", "uuid", false, field("sku", "string"), field("order_id", "uuid")));
        a.entity(entityDef("secret", "uuid", false, field("code", "string")));
        a.relation(fkRelation("lines", "one_to_many", "order", "order_line", "order_id", "cascade"));
        a.stateMachine(map("entity", "order", "field", "status", "definition", map("initial", "open", "transitions",
                List.of(map("from", "open", "to", "approved", "roles", List.of("manager"))))));
        a.permission("order", "read", List.of("viewer", "clerk"), List.of());
        a.permission("order", "create", List.of("clerk"), List.of());
        a.permission("order", "update", List.of("clerk"), List.of(map("field", "status", "operator", "eq", "value", "open")));
        a.user("viewer@example.com", PW, List.of("viewer"));
        a.user("clerk@example.com", PW, List.of("clerk"));
        String open = a.create("order", map("title", "o")).path("id").asText();
        String approved = a.create("order", map("title", "a")).path("id").asText();
        a.update("order", approved, map("status", "approved"));
        return new Setup(a, a.as(a.login("viewer@example.com", PW)), a.as(a.login("clerk@example.com", PW)), open, approved);
    }

    /** The caller gets 403 where the admin, sending the same, gets {@code adminStatus} (the request is invalid). */
    private static void forbiddenWhereAdminGets(Http.Res caller, Http.Res admin, int adminStatus) {
        assertError(caller, 403, "FORBIDDEN");
        assertThat(admin.status()).as("%s", admin).isEqualTo(adminStatus);
    }

    @Test
    void createWithoutPermission() {
        Setup s = setup();
        forbiddenWhereAdminGets(s.viewer().post("order", BAD), s.admin().post("order", BAD), 422);
        forbiddenWhereAdminGets(s.viewer().post("order", "{not json"), s.admin().post("order", "{not json"), 400);
        forbiddenWhereAdminGets(s.viewer().post("secret", map("nope", 1)), s.admin().post("secret", map("nope", 1)), 422);
        Map<String, Object> nestedBad = map("title", "x", "lines", nested(null, map("sku", 5, "x", 1)));
        forbiddenWhereAdminGets(s.viewer().post("order", nestedBad), s.admin().post("order", nestedBad), 422);
    }

    @Test
    void updateWithoutPermission() {
        Setup s = setup();
        String path = "order/" + s.openId();
        forbiddenWhereAdminGets(s.viewer().put(path, BAD), s.admin().put(path, BAD), 422);
        forbiddenWhereAdminGets(s.viewer().put(path, "[1,2"), s.admin().put(path, "[1,2"), 400);
        Map<String, Object> nestedBad = map("lines", nested("bogus_mode", map("sku", List.of())));
        forbiddenWhereAdminGets(s.viewer().put(path, nestedBad), s.admin().put(path, nestedBad), 422);
    }

    @Test
    void updateOfARowThePolicyConditionsExclude() {
        Setup s = setup();
        String path = "order/" + s.approvedId(); // clerk may update open orders only
        forbiddenWhereAdminGets(s.clerk().put(path, BAD), s.admin().put(path, BAD), 422);
        assertError(s.clerk().put("order/" + s.openId(), BAD), 422, "VALIDATION_FAILED"); // allowed row: validated
    }

    @Test
    void transitionWithoutItsRole() {
        Setup s = setup();
        String path = "order/" + s.openId();
        Map<String, Object> approveBadly = map("status", "approved", "qty", "many");
        assertError(s.clerk().put(path, approveBadly), 403, "FORBIDDEN");
        assertThat(s.admin().put(path, approveBadly).status()).isEqualTo(422);
        assertThat(s.admin().read("order", s.openId()).path("status").asText()).isEqualTo("open");
    }

    @Test
    void deleteWithoutPermission() {
        Setup s = setup();
        assertError(s.clerk().delete("order/" + s.openId()), 403, "FORBIDDEN");
        assertError(s.clerk().delete("order/" + UUID.randomUUID()), 403, "FORBIDDEN");
        assertThat(s.admin().read("order", s.openId()).path("title").asText()).isEqualTo("o");
    }

    @Test
    void readsWithoutPermissionDoNotParseTheQuery() {
        Setup s = setup();
        String badQuery = "secret?filter%5Bnope%5D=1&sort=nope&include=nope";
        forbiddenWhereAdminGets(s.viewer().get(badQuery), s.admin().get(badQuery), 400);
        String badGet = "secret/" + UUID.randomUUID() + "?include=nope";
        assertError(s.viewer().get(badGet), 403, "FORBIDDEN");
        assertThat(s.admin().get(badGet).status()).isIn(400, 404);
    }

    @Test
    void adminRoutesRefuseNonAdminsBeforeReadingTheBody() {
        Setup s = setup();
        String id = UUID.randomUUID().toString();
        for (String route : List.of("_admin/entities", "_admin/relations", "_admin/rules", "_admin/state-machines",
                "_admin/permissions", "_admin/workflows", "_admin/webhooks", "_admin/users", "_admin/import")) {
            forbiddenWhereAdminGets(s.clerk().post(route, "{oops"), s.admin().post(route, "{oops"), 400);
        }
        for (String route : List.of("_admin/entities", "_admin/permissions", "_admin/users")) {
            forbiddenWhereAdminGets(s.clerk().post(route, map("bogus", 1)), s.admin().post(route, map("bogus", 1)), 422);
        }
        for (String route : List.of("_admin/entities/order", "_admin/relations/lines", "_admin/rules/" + id,
                "_admin/state-machines/" + id, "_admin/permissions/" + id, "_admin/workflows/" + id,
                "_admin/webhooks/" + id, "_admin/users/" + id)) {
            assertError(s.clerk().put(route, "{oops"), 403, "FORBIDDEN");
        }
    }

    @Test
    void platformAndFileRoutesAuthenticateBeforeReadingTheBody() {
        Setup s = setup();
        assertError(http.post("api/_platform/apps", s.admin().token(), "{oops"), 401, "UNAUTHORIZED");
        assertError(http.post("api/_platform/apps", null, map("name", "")), 401, "UNAUTHORIZED");
        Http.Res upload = http.raw("POST", "api/" + s.admin().app() + "/_files/upload",
                Map.of("Content-Type", "multipart/form-data; boundary=x"), BodyPublishers.ofString("not multipart"));
        assertError(upload, 401, "UNAUTHORIZED");
    }
}
