package dev.rocket.metadata;

import static dev.rocket.metadata.TestMetadata.list;
import static dev.rocket.metadata.TestMetadata.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyTest {
    private static final Registry REG = TestMetadata.shop();

    private static void invalid(Map<String, Object> body, String field, String message) {
        assertThatThrownBy(() -> Policy.parse(body, REG))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.details()).contains(map("field", field, "message", message));
                });
    }

    @Test
    void parsesAPolicyWithDefaults() {
        Policy p = Policy.parse(map("entity", "order", "action", "read"), REG);
        assertThat(p.entity()).isEqualTo("order");
        assertThat(p.action()).isEqualTo("read");
        assertThat(p.roles()).isEmpty();
        assertThat(p.conditions()).isEmpty();
        assertThat(p.id()).isNull();
    }

    @Test
    void parsesRolesConditionsAndId() {
        Policy p = Policy.parse(map("id", 7, "entity", "order", "action", "update", "roles", List.of("clerk"),
                "conditions", List.of(
                        map("field", "state", "operator", "in", "value", List.of("open", "held")),
                        map("field", "qty", "operator", "gt", "value", 3))), REG);
        assertThat(p.id()).isEqualTo("7");
        assertThat(p.roles()).containsExactly("clerk");
        assertThat(p.conditions()).containsExactly(
                new Policy.Cond("state", Op.IN, List.of("open", "held")),
                new Policy.Cond("qty", Op.GT, 3));
    }

    @Test
    void rolesMatchCaseInsensitively() {
        Policy p = Policy.parse(map("entity", "order", "action", "read", "roles", List.of("Clerk", "auditor")), REG);
        assertThat(p.appliesTo(List.of("guest", "CLERK"))).isTrue();
        assertThat(p.appliesTo(List.of("guest"))).isFalse();
        assertThat(p.appliesTo(List.of())).isFalse();
    }

    @Test
    void entityAndActionAreRequiredAndChecked() {
        invalid(map("action", "read"), "entity", "entity is required");
        invalid(map("entity", "invoice", "action", "read"), "entity", "entity not found: invoice");
        invalid(map("entity", "order"), "action", "action is required");
        invalid(map("entity", "order", "action", "write"), "action", "action must be read, create, update, or delete");
    }

    @Test
    void rolesMustBeNonEmptyStrings() {
        invalid(map("entity", "order", "action", "read", "roles", "clerk"), "roles",
                "roles must be an array of non-empty strings");
        invalid(map("entity", "order", "action", "read", "roles", List.of(" ")), "roles",
                "roles must be an array of non-empty strings");
    }

    @Test
    void conditionsAreChecked() {
        invalid(map("entity", "order", "action", "read", "conditions", map()), "conditions",
                "conditions must be an array");
        invalid(map("entity", "order", "action", "read", "conditions", List.of("x")), "conditions",
                "conditions[0] must be an object");
        invalid(map("entity", "order", "action", "read", "conditions",
                List.of(map("field", "nope", "operator", "eq", "value", 1))), "conditions[0].field",
                "conditions[0]: unknown field nope (fields of order: id, ref, state, qty, customer_id, created_at)");
        invalid(map("entity", "order", "action", "read", "conditions",
                List.of(map("field", "qty", "operator", "between", "value", 1))), "conditions[0].operator",
                "conditions[0]: invalid operator between (allowed: eq, neq, gt, gte, lt, lte, in, not_in, like)");
        invalid(map("entity", "order", "action", "read", "conditions",
                List.of(map("field", "qty", "operator", "in", "value", 1))), "conditions[0].value",
                "conditions[0]: value of in must be an array");
        invalid(map("entity", "order", "action", "read", "conditions",
                List.of(map("field", "qty", "operator", "eq", "value", map("a", 1)))), "conditions[0].value",
                "conditions[0]: value must be a scalar or an array");
    }

    @Test
    void nullValuesAreKept() {
        Policy p = Policy.parse(map("entity", "order", "action", "read", "conditions",
                List.of(map("field", "state", "operator", "eq", "value", null))), REG);
        assertThat(p.conditions()).containsExactly(new Policy.Cond("state", Op.EQ, null));
        Policy in = Policy.parse(map("entity", "order", "action", "read", "conditions",
                List.of(map("field", "state", "operator", "in", "value", list("a", null)))), REG);
        assertThat(in.conditions().get(0).value()).isEqualTo(list("a", null));
    }
}
