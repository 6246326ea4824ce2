package dev.rocket.metadata;

import static dev.rocket.metadata.TestMetadata.entity;
import static dev.rocket.metadata.TestMetadata.field;
import static dev.rocket.metadata.TestMetadata.list;
import static dev.rocket.metadata.TestMetadata.map;
import static dev.rocket.metadata.TestMetadata.pk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import dev.rocket.rules.RuleParser;
import dev.rocket.statemachine.StateMachineParser;
import dev.rocket.webhook.WebhookParser;
import dev.rocket.workflow.WorkflowParser;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Definitions are strict: unknown keys and values outside a vocabulary answer 422 with the path and what is allowed. */
class StrictDefinitionsTest {

    /** The 422's details as "field: message" lines. */
    private static List<String> problems(Consumer<Map<String, Object>> check, Map<String, Object> body) {
        try {
            check.accept(body);
        } catch (ApiException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            return e.details().stream().map(d -> d.get("field") + ": " + d.get("message")).toList();
        }
        throw new AssertionError("no 422 for " + body);
    }

    private static Map<String, Object> order() {
        return entity("order", "orders", true, pk("id", "uuid", true), field("id", "uuid"), field("title", "string"));
    }

    @Test
    void relationsInsideAnEntityAreExplained() {
        Map<String, Object> e = order();
        e.put("relations", list(map("name", "lines")));
        assertThat(problems(EntityParser::checkKeys, e)).containsExactly("relations: unknown key relations: relations "
                + "are defined on their own, with POST /_admin/relations (allowed keys of an entity: name, table, "
                + "soft_delete, primary_key, fields)");
    }

    @Test
    void unknownKeysOfEntitiesFieldsAndKeysAreNamedWithTheirPath() {
        Map<String, Object> e = order();
        e.put("label", "Orders");
        ((List<Map<String, Object>>) (List<?>) e.get("fields")).get(1).put("lenght", 20);
        ((Map<String, Object>) e.get("primary_key")).put("auto", true);
        assertThat(problems(EntityParser::checkKeys, e)).containsExactly(
                "label: unknown key label (allowed: name, table, soft_delete, primary_key, fields)",
                "primary_key.auto: unknown key primary_key.auto (allowed: field, type, generated)",
                "fields[1].lenght: unknown key fields[1].lenght (allowed: name, type, required, unique, index, default, "
                        + "nullable, enum, precision, auto)");
        assertThatCode(() -> EntityParser.checkKeys(order())).doesNotThrowAnyException();
    }

    @Test
    void anUnknownFieldTypeListsTheTypes() {
        Map<String, Object> e = entity("order", "orders", true, pk("id", "uuid", true), field("id", "uuid"),
                field("title", "strin"));
        assertThat(problems(EntityParser::parse, e)).containsExactly("fields[1].type: fields[1].type: unknown field type "
                + "for title: strin (allowed: string, text, int, bigint, decimal, boolean, uuid, timestamp, date, json, file)");
    }

    @Test
    void thePrimaryKeyMayBeJustTheFieldName() {
        Map<String, Object> e = entity("order", "orders", true, null, field("id", "uuid"), field("title", "string"));
        e.put("primary_key", "id");
        EntityDef d = EntityParser.parse(e);
        assertThat(d.pkField()).isEqualTo("id");
        assertThat(d.pkType()).isEqualTo(FieldType.UUID);
        assertThat(d.pkGenerated()).isTrue();
        assertThat(d.definition().get("primary_key")).isEqualTo(map("field", "id", "type", "uuid", "generated", true));
        EntityDef again = EntityParser.parse(d.definition()); // the stored (long) form reads the same
        assertThat(again.pkGenerated()).isTrue();

        Map<String, Object> s = entity("code", "codes", true, null, field("code", "string"));
        s.put("primary_key", "code");
        assertThat(EntityParser.parse(s).pkGenerated()).isFalse(); // string keys are sent by clients

        Map<String, Object> bad = entity("code", "codes", true, null, field("code", "string"));
        bad.put("primary_key", 5);
        assertThat(problems(EntityParser::parse, bad)).containsExactly("primary_key: primary_key must be the key field's "
                + "name (\"id\") or an object such as {\"field\": \"id\", \"type\": \"uuid\", \"generated\": true}");
        Map<String, Object> none = entity("code", "codes", true, null, field("code", "string"));
        none.remove("primary_key");
        assertThat(problems(EntityParser::parse, none).get(0)).startsWith("primary_key: primary key field is required: "
                + "\"primary_key\": {\"field\": \"id\"");
    }

    @Test
    void relationsRulesMachinesWorkflowsWebhooksAndPermissionsRefuseUnknownKeys() {
        assertThat(problems(RelationParser::checkKeys, map("name", "lines", "type", "one_to_many", "cascade", true)))
                .containsExactly("cascade: unknown key cascade (allowed: name, type, source, target, source_key, target_key, "
                        + "join_table, source_join_key, target_join_key, ownership, on_delete, fetch, write_mode)");
        assertThat(problems(RuleParser::checkKeys, map("entity", "order", "type", "field", "definition",
                map("field", "title", "operator", "min_length", "value", 3, "expression", "x"))))
                .containsExactly("definition.expression: unknown key definition.expression (allowed: field, operator, "
                        + "value, message, stop_on_fail)");
        assertThat(problems(RuleParser::checkKeys, map("entity", "order", "type", "expression", "when", "x",
                "definition", map("expression", "true", "related_load", list(map("relation", "lines", "where", 1))))))
                .containsExactly("when: unknown key when (allowed: entity, hook, type, priority, active, definition)",
                        "definition.related_load[0].where: unknown key definition.related_load[0].where (allowed: relation, filter)");
        assertThat(problems(StateMachineParser::checkKeys, map("entity", "order", "field", "state", "definition",
                map("initial", "a", "transitions", list(map("from", "a", "to", "b", "event", "go",
                        "actions", list(map("type", "set_field", "field", "x", "value", 1, "when", "now"))))))))
                .containsExactly("definition.transitions[0].event: unknown key definition.transitions[0].event (allowed: "
                                + "from, to, roles, guard, actions)",
                        "definition.transitions[0].actions[0].when: unknown key definition.transitions[0].actions[0].when "
                                + "(allowed: type, field, value)");
        assertThat(problems(WorkflowParser::checkKeys, map("name", "w", "trigger", map("type", "state_change", "on", "x"),
                "steps", list(map("id", "a", "type", "condition", "expression", "true", "then", "end")))))
                .containsExactly("trigger.on: unknown key trigger.on (allowed: type, entity, field, to)",
                        "steps[0].then: unknown key steps[0].then (allowed: id, type, expression, on_true, on_false)");
        assertThat(problems(WebhookParser::checkKeys, map("entity", "order", "url", "http://x", "retry",
                map("max_attempts", 3, "delay", 5)))).containsExactly(
                "retry.delay: unknown key retry.delay (allowed: max_attempts, backoff)");
        assertThat(problems(Policy::checkKeys, map("entity", "order", "action", "read", "conditions",
                list(map("field", "title", "op", "eq", "value", "x"))))).containsExactly(
                "conditions[0].op: unknown key conditions[0].op (allowed: field, operator, value)");
    }

    @Test
    void whatAReadGivesBackIsAccepted() {
        assertThatCode(() -> RuleParser.checkKeys(map("id", "1", "entity", "order", "type", "field", "hook", "before_write",
                "priority", 0, "active", true, "definition", map("field", "title", "operator", "eq", "value", "x"),
                "created_at", "t", "updated_at", "t"))).doesNotThrowAnyException();
        assertThatCode(() -> RuleParser.checkKeys(map("entity", "order", "type", "field", "field", "title",
                "operator", "eq", "value", "x"))).doesNotThrowAnyException(); // the legacy flat form
        assertThatCode(() -> Policy.checkKeys(map("id", "1", "entity", "order", "action", "read", "roles", list(),
                "conditions", list(), "created_at", "t", "updated_at", "t"))).doesNotThrowAnyException();
    }

    @Test
    void enumLikeValuesListWhatIsAllowed() {
        assertThatThrownBy(() -> RuleParser.parse(map("entity", "order", "type", "field", "definition",
                map("field", "title", "operator", "between", "value", 1)),
                new Registry(Map.of("order", EntityParser.parse(order())), Map.of()), null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.details()).extracting(d -> d.get("message"))
                        .containsExactly("invalid field rule operator: between (allowed: min, max, min_length, max_length, "
                                + "pattern, not_empty, eq, neq, gt, gte, lt, lte, in, not_in, like)"));
    }
}
