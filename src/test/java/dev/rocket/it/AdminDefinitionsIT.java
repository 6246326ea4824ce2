package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.assertError;
import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static dev.rocket.it.support.AppClient.entityDef;
import static dev.rocket.it.support.AppClient.field;
import static dev.rocket.it.support.AppClient.fkRelation;
import static dev.rocket.it.support.AppClient.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocket.it.support.AppClient;
import dev.rocket.it.support.Http;
import dev.rocket.it.support.RocketItBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every admin definition resource answers with one shape: what POST and PUT return is what GET returns afterwards
 * (the stored row, timestamps included), and the list holds the same rows.
 */
class AdminDefinitionsIT extends RocketItBase {

    private AppClient admin() {
        String app = newApp();
        return new AppClient(http, app, appAdminToken(app));
    }

    /** POST, GET, PUT, GET, list and DELETE of one item: every single-item answer is the stored row. */
    private static void oneShape(AppClient a, String path, String key, Map<String, Object> created,
                                 Map<String, Object> replaced) {
        JsonNode posted = assertStatus(a.post("_admin/" + path, created), 201).data();
        String k = posted.path(key).asText();
        assertThat(k).as(path + " key").isNotEmpty();
        assertThat(posted.has("created_at") && posted.has("updated_at")).as(path + " timestamps").isTrue();
        assertThat(assertStatus(a.get("_admin/" + path + "/" + k), 200).data()).as(path + ": POST = GET").isEqualTo(posted);

        JsonNode put = assertStatus(a.put("_admin/" + path + "/" + k, replaced), 200).data();
        assertThat(put).as(path + ": PUT changed the item").isNotEqualTo(posted);
        assertThat(assertStatus(a.get("_admin/" + path + "/" + k), 200).data()).as(path + ": PUT = GET").isEqualTo(put);
        JsonNode list = assertStatus(a.get("_admin/" + path), 200).data();
        assertThat(list).as(path + ": list holds the row").contains(put);

        assertThat(assertStatus(a.delete("_admin/" + path + "/" + k), 200).data())
                .isEqualTo(Http.JSON.valueToTree(map(key, k, "deleted", true)));
        assertError(a.get("_admin/" + path + "/" + k), 404, "NOT_FOUND");
    }

    @Test
    void everyDefinitionKindAnswersWithOneShape() {
        AppClient a = admin();
        a.entity(entityDef("customer", "uuid", false, field("name", "string")));
        a.entity(entityDef("invoice", "uuid", false, field("number", "string"), field("status", "string"),
                field("total", "int"), field("customer_id", "uuid")));

        oneShape(a, "entities", "name", entityDef("note", "uuid", false, field("text", "string")),
                entityDef("note", "uuid", false, field("text", "string"), field("extra", "int")));
        oneShape(a, "relations", "name",
                fkRelation("invoices", "one_to_many", "customer", "invoice", "customer_id", "restrict"),
                fkRelation("invoices", "one_to_many", "customer", "invoice", "customer_id", "cascade"));
        oneShape(a, "rules", "id",
                map("entity", "invoice", "type", "field", "definition",
                        map("field", "total", "operator", "min", "value", 0, "message", "total must not be negative")),
                map("entity", "invoice", "type", "field", "priority", 5, "definition",
                        map("field", "total", "operator", "min", "value", 1, "message", "total must be positive")));
        Map<String, Object> machine = map("initial", "draft", "transitions",
                List.of(map("from", List.of("draft"), "to", "sent")));
        oneShape(a, "state-machines", "id", map("entity", "invoice", "field", "status", "definition", machine),
                map("entity", "invoice", "field", "status", "active", false, "definition", machine));
        List<Object> steps = List.of(map("id", "mark", "type", "action", "then", "end",
                "actions", List.of(map("type", "set_field", "entity", "invoice", "record_id", "context.record_id",
                        "field", "number", "value", "X"))));
        oneShape(a, "workflows", "id",
                map("name", "on_sent", "trigger", map("type", "state_change", "entity", "invoice", "field", "status",
                        "to", "sent"), "context", map("record_id", "trigger.record_id"), "steps", steps),
                map("name", "on_sent", "active", false, "trigger", map("type", "state_change", "entity", "invoice",
                        "field", "status", "to", "sent"), "context", map("record_id", "trigger.record_id"), "steps", steps));
        oneShape(a, "permissions", "id", map("entity", "invoice", "action", "read", "roles", List.of("clerk")),
                map("entity", "invoice", "action", "read", "roles", List.of("clerk"), "conditions",
                        List.of(map("field", "status", "operator", "eq", "value", "sent"))));
        oneShape(a, "webhooks", "id", map("entity", "invoice", "url", "http://127.0.0.1:9/hook"),
                map("entity", "invoice", "url", "http://127.0.0.1:9/hook", "method", "PUT"));
    }

    @Test
    void unknownIdsAndKeysAreNotFound() {
        AppClient a = admin();
        for (String path : List.of("rules", "state-machines", "workflows", "permissions", "webhooks")) {
            assertError(a.get("_admin/" + path + "/not-a-uuid"), 404, "NOT_FOUND");
            assertError(a.get("_admin/" + path + "/00000000-0000-4000-8000-000000000000"), 404, "NOT_FOUND");
            assertError(a.delete("_admin/" + path + "/00000000-0000-4000-8000-000000000000"), 404, "NOT_FOUND");
        }
        assertError(a.get("_admin/entities/nope"), 404, "NOT_FOUND");
        assertError(a.get("_admin/relations/nope"), 404, "NOT_FOUND");
    }
}
