package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.assertError;
import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static dev.rocket.it.support.AppClient.entityDef;
import static dev.rocket.it.support.AppClient.field;
import static dev.rocket.it.support.AppClient.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocket.it.support.AppClient;
import dev.rocket.it.support.Http;
import dev.rocket.it.support.RocketItBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The admin's live rule tester ({@code POST _admin/rules/test}) and comments on approve/reject decisions. */
class RuleTesterAndApprovalCommentsIT extends RocketItBase {
    private static final String PW = "secret-1";

    private AppClient admin() {
        String app = newApp();
        return new AppClient(http, app, appAdminToken(app));
    }

    // ================================================================ rule tester

    @Test
    void testerEvaluatesAgainstTheSampleRecordWithEntityDefaults() {
        AppClient a = admin();
        a.entity(entityDef("order", "uuid", false, field("qty", "int"), field("price", "decimal", "precision", 2),
                field("status", "string", "default", "draft")));
        JsonNode d = assertStatus(a.post("_admin/rules/test", map("expression", "record.qty * record.price",
                "record", map("qty", 3, "price", 2.5))), 200).data();
        assertThat(d.path("result").asDouble()).isEqualTo(7.5);
        assertThat(d.path("truthy").asBoolean()).isTrue();

        // expr-lang words, the entity's defaults for what the sample leaves out, old and action as rules see them
        d = assertStatus(a.post("_admin/rules/test", map("entity", "order", "action", "update",
                "expression", "record.status == 'draft' and old.qty < record.qty and action == 'update'",
                "old", map("qty", 1), "record", map("qty", 2))), 200).data();
        assertThat(d.path("result").asBoolean()).isTrue();
        d = assertStatus(a.post("_admin/rules/test", map("entity", "order", "expression", "record.status",
                "record", map("qty", 1))), 200).data();
        assertThat(d.path("result").asText()).isEqualTo("draft");

        // falsy results, objects and the caller as user
        d = assertStatus(a.post("_admin/rules/test", map("expression", "record.qty > 5", "record", map("qty", 1))), 200)
                .data();
        assertThat(d.path("result").isBoolean()).isTrue();
        assertThat(d.path("result").asBoolean()).isFalse();
        assertThat(d.path("truthy").asBoolean()).isFalse();
        d = assertStatus(a.post("_admin/rules/test", map("expression", "[len(user.roles) > 0, nil]")), 200).data();
        assertThat(d.path("result").size()).isEqualTo(2);
        assertThat(d.path("result").get(0).asBoolean()).isTrue();
        assertThat(d.path("result").get(1).isNull()).isTrue();
        assertThat(d.path("truthy").asBoolean()).isTrue();
    }

    @Test
    void testerAnswersErrorsIn422AndBadInputIn4xx() {
        AppClient a = admin();
        Http.Res r = assertError(a.post("_admin/rules/test", map("expression", "record.qty >", "record", map())), 422,
                "VALIDATION_FAILED");
        JsonNode detail = r.json().path("error").path("details").get(0);
        assertThat(detail.path("field").asText()).isEqualTo("expression");
        assertThat(detail.path("rule").asText()).isEqualTo("syntax");
        assertThat(detail.path("message").asText()).startsWith("syntax error");

        r = assertError(a.post("_admin/rules/test", map("expression", "len(record.qty) > 0", "record", map("qty", 5))), 422,
                "VALIDATION_FAILED");
        detail = r.json().path("error").path("details").get(0);
        assertThat(detail.path("rule").asText()).isEqualTo("evaluation");
        assertThat(detail.path("message").asText()).contains("len()");

        // the sandbox holds: no Java, no endless loops
        r = assertError(a.post("_admin/rules/test", map("expression", "java.lang.System.exit(1)")), 422,
                "VALIDATION_FAILED");
        assertThat(r.body()).doesNotContain("Exception");
        assertError(a.post("_admin/rules/test", map("expression", "(function f(){ while(true){} })()")), 422,
                "VALIDATION_FAILED");

        // bad input
        r = assertError(a.post("_admin/rules/test", map("record", "nope", "entity", "ghost", "action", "destroy")), 422,
                "VALIDATION_FAILED");
        List<String> fields = new ArrayList<>();
        r.json().path("error").path("details").forEach(x -> fields.add(x.path("field").asText()));
        assertThat(fields).containsExactlyInAnyOrder("expression", "record", "entity", "action");
        assertError(a.post("_admin/rules/test", map("expression", "1", "surprise", true)), 400, "UNKNOWN_FIELD");
        assertError(a.post("_admin/rules/test", "[1]"), 400, "INVALID_PAYLOAD");
        assertError(a.post("_admin/rules/test", "{"), 400, "INVALID_PAYLOAD");
    }

    @Test
    void testerIsForAdminsOnlyBeforeThePayloadIsRead() {
        AppClient a = admin();
        a.user("u@x.io", PW, List.of("manager"));
        AppClient user = a.as(a.login("u@x.io", PW));
        assertError(user.post("_admin/rules/test", map("expression", "1 + 1")), 403, "FORBIDDEN");
        assertError(user.post("_admin/rules/test", "{not json"), 403, "FORBIDDEN");
        assertError(a.as(null).post("_admin/rules/test", map("expression", "1 + 1")), 401, "UNAUTHORIZED");
        assertThat(assertStatus(a.post("_admin/rules/test", map("expression", "1 + 1")), 200).data().path("result").asInt())
                .isEqualTo(2);
    }

    // ================================================================ approval comments

    private String workflow(AppClient a) {
        a.entity(entityDef("req", "uuid", false, field("status", "string"), field("amount", "int")));
        assertStatus(a.post("_admin/workflows", map("name", "approve-req", "active", true,
                "trigger", map("type", "state_change", "entity", "req", "field", "status", "to", "pending"),
                "context", map("record_id", "trigger.record_id"),
                "steps", List.of(map("id", "mgr", "type", "approval", "assignee", map("type", "role", "role", "manager"),
                        "on_approve", "end", "on_reject", "end")))), 201);
        return "req";
    }

    /** Puts a new record into "pending" and waits for its workflow instance to stop at the approval step. */
    private String pendingInstance(AppClient a) throws InterruptedException {
        String id = a.create("req", map("status", "draft", "amount", 1)).path("id").asText();
        a.update("req", id, map("status", "pending"));
        for (int i = 0; i < 200; i++) {
            for (JsonNode inst : assertStatus(a.get("_workflows/pending"), 200).data()) {
                if (id.equals(inst.path("context").path("record_id").asText())) {
                    return inst.path("id").asText();
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no workflow instance waits for record " + id);
    }

    private static JsonNode decision(JsonNode instance, String step) {
        for (JsonNode h : instance.path("history")) {
            if (step.equals(h.path("step").asText()) && List.of("approved", "rejected").contains(h.path("status").asText())) {
                return h;
            }
        }
        throw new AssertionError("no decision for " + step + " in " + instance);
    }

    @Test
    void approveAndRejectKeepTheCommentInTheHistory() throws InterruptedException {
        AppClient a = admin();
        workflow(a);
        a.user("m@x.io", PW, List.of("manager"));
        AppClient manager = a.as(a.login("m@x.io", PW));

        String one = pendingInstance(a);
        JsonNode done = assertStatus(manager.post("_workflows/" + one + "/approve", map("comment", "Budget checked — ok")),
                200).data();
        assertThat(done.path("status").asText()).isEqualTo("completed");
        JsonNode d = decision(done, "mgr");
        assertThat(d.path("status").asText()).isEqualTo("approved");
        assertThat(d.path("comment").asText()).isEqualTo("Budget checked — ok");
        assertThat(d.path("by").asText()).isNotBlank();
        // and it stays there
        assertThat(decision(assertStatus(a.get("_workflows/" + one), 200).data(), "mgr").path("comment").asText())
                .isEqualTo("Budget checked — ok");

        String two = pendingInstance(a);
        d = decision(assertStatus(a.post("_workflows/" + two + "/reject", map("comment", "Too expensive")), 200).data(), "mgr");
        assertThat(d.path("status").asText()).isEqualTo("rejected");
        assertThat(d.path("comment").asText()).isEqualTo("Too expensive");

        // no body, an empty object or a null comment: a decision without a comment, as before
        String three = pendingInstance(a);
        assertThat(decision(assertStatus(a.post("_workflows/" + three + "/approve", null), 200).data(), "mgr")
                .has("comment")).isFalse();
        String four = pendingInstance(a);
        assertThat(decision(assertStatus(a.post("_workflows/" + four + "/reject", Map.of()), 200).data(), "mgr")
                .has("comment")).isFalse();
    }

    @Test
    void badCommentsAreRefusedAndNothingIsDecided() throws InterruptedException {
        AppClient a = admin();
        workflow(a);
        a.user("o@x.io", PW, List.of("other"));
        AppClient outsider = a.as(a.login("o@x.io", PW));
        String inst = pendingInstance(a);

        // a caller who may not decide learns that first, whatever the body
        assertError(outsider.post("_workflows/" + inst + "/approve", "{broken"), 403, "FORBIDDEN");
        assertError(outsider.post("_workflows/" + inst + "/approve", map("comment", 5)), 403, "FORBIDDEN");

        assertError(a.post("_workflows/" + inst + "/approve", map("comment", 5)), 422, "VALIDATION_FAILED");
        assertError(a.post("_workflows/" + inst + "/approve", map("comment", "x".repeat(2001))), 422, "VALIDATION_FAILED");
        assertError(a.post("_workflows/" + inst + "/reject", map("comment", "x", "verdict", "no")), 400, "UNKNOWN_FIELD");
        assertError(a.post("_workflows/" + inst + "/reject", "{broken"), 400, "INVALID_PAYLOAD");

        JsonNode still = assertStatus(a.get("_workflows/" + inst), 200).data();
        assertThat(still.path("status").asText()).isEqualTo("running");
        assertThat(still.path("current_step").asText()).isEqualTo("mgr");
        assertThat(still.path("history").size()).isZero();
    }
}
