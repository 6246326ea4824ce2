package dev.rocket.permission;

import static dev.rocket.metadata.TestMetadata.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocket.auth.Caller;
import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.FieldType;
import dev.rocket.metadata.Policy;
import dev.rocket.metadata.Registry;
import dev.rocket.metadata.TestMetadata;
import dev.rocket.query.Condition;
import dev.rocket.query.Condition.AnyOf;
import dev.rocket.query.Condition.FieldCondition;
import dev.rocket.metadata.Op;
import dev.rocket.query.QueryPlanner;
import dev.rocket.query.SqlRenderer;
import dev.rocket.request.ReadRequest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whitelist permissions (SPEC §11): write checks on rows, read scopes as plan conditions. */
class PermissionsTest {
    private static final Caller CLERK = new Caller("00000000-0000-4000-8000-0000000000a1", List.of("clerk"), false);
    private static final Caller GUEST = new Caller("00000000-0000-4000-8000-0000000000a2", List.of("guest"), false);
    private static final Caller ADMIN = new Caller("u3", List.of("admin"), false);

    private static Map<String, Object> policy(String action, List<String> roles, Object... conditions) {
        List<Object> conds = new ArrayList<>();
        for (int i = 0; i < conditions.length; i += 3) {
            conds.add(map("field", conditions[i], "operator", conditions[i + 1], "value", conditions[i + 2]));
        }
        return map("entity", "order", "action", action, "roles", roles, "conditions", conds);
    }

    @SafeVarargs
    private static Registry reg(Map<String, Object>... policies) {
        return TestMetadata.shop(List.of(policies));
    }

    private static EntityDef order(Registry reg) {
        return reg.entity("order");
    }

    private static void forbidden(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(e.code().status()).isEqualTo(403);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    // ---- requireAction (before any payload or query is read) -------------------------------------

    @Test
    void requireActionAsksOnlyForAPolicyOfTheCallersRoles() {
        Registry r = reg(policy("update", List.of("clerk"), "state", "eq", "open"), policy("read", List.of("manager")));
        assertThatCode(() -> Permissions.requireAction(r, CLERK, order(r), "update")).doesNotThrowAnyException();
        assertThatCode(() -> Permissions.requireAction(r, ADMIN, order(r), "delete")).doesNotThrowAnyException();
        forbidden(() -> Permissions.requireAction(r, CLERK, order(r), "create"), "No permission for create on order");
        forbidden(() -> Permissions.requireAction(r, CLERK, order(r), "read"), "Permission denied for read on order");
        forbidden(() -> Permissions.requireAction(r, GUEST, order(r), "update"), "Permission denied for update on order");
    }

    // ---- checkWrite ------------------------------------------------------------------------------

    @Test
    void withoutAnyPolicyTheActionIsNotPermitted() {
        Registry r = reg(policy("read", List.of("clerk")));
        forbidden(() -> Permissions.checkWrite(r, CLERK, order(r), "update", map("state", "open")),
                "No permission for update on order");
        forbidden(() -> Permissions.checkWrite(r, CLERK, order(r), "delete", map()), "No permission for delete on order");
    }

    @Test
    void policiesForOtherRolesDenyWithPermissionDenied() {
        Registry r = reg(policy("update", List.of("manager")));
        forbidden(() -> Permissions.checkWrite(r, CLERK, order(r), "update", map("state", "open")),
                "Permission denied for update on order");
    }

    @Test
    void adminBypassesEverything() {
        Registry none = reg();
        assertThatCode(() -> Permissions.checkWrite(none, ADMIN, order(none), "delete", map())).doesNotThrowAnyException();
        Registry strict = reg(policy("update", List.of("clerk"), "state", "eq", "open"));
        assertThatCode(() -> Permissions.checkWrite(strict, ADMIN, order(strict), "update", map("state", "done")))
                .doesNotThrowAnyException();
    }

    @Test
    void rolesMatchCaseInsensitively() {
        Registry r = reg(policy("update", List.of("Clerk")));
        assertThatCode(() -> Permissions.checkWrite(r, CLERK, order(r), "update", map())).doesNotThrowAnyException();
    }

    @Test
    void unconditionedPolicyAllowsAnyRow() {
        Registry r = reg(policy("delete", List.of("clerk")));
        assertThatCode(() -> Permissions.checkWrite(r, CLERK, order(r), "delete", map("state", "done")))
                .doesNotThrowAnyException();
        assertThatCode(() -> Permissions.checkWrite(r, CLERK, order(r), "delete", null)).doesNotThrowAnyException();
    }

    @Test
    void conditionsMustAllHoldOnTheRow() {
        Registry r = reg(policy("update", List.of("clerk"), "state", "eq", "open", "qty", "lt", 10));
        assertThatCode(() -> Permissions.checkWrite(r, CLERK, order(r), "update", map("state", "open", "qty", 3)))
                .doesNotThrowAnyException();
        forbidden(() -> Permissions.checkWrite(r, CLERK, order(r), "update", map("state", "open", "qty", 10)),
                "Permission denied for update on order");
        forbidden(() -> Permissions.checkWrite(r, CLERK, order(r), "update", map("state", "done", "qty", 3)),
                "Permission denied for update on order");
    }

    @Test
    void aMissingOrNullFieldFailsTheCondition() {
        Registry r = reg(policy("update", List.of("clerk"), "state", "neq", "done"));
        forbidden(() -> Permissions.checkWrite(r, CLERK, order(r), "update", map("qty", 1)),
                "Permission denied for update on order");
        forbidden(() -> Permissions.checkWrite(r, CLERK, order(r), "update", map("state", null)),
                "Permission denied for update on order");
        forbidden(() -> Permissions.checkWrite(r, CLERK, order(r), "update", null),
                "Permission denied for update on order");
    }

    @Test
    void policiesAreOred() {
        Registry r = reg(
                policy("update", List.of("clerk"), "state", "eq", "open"),
                policy("update", List.of("clerk"), "state", "eq", "held"),
                policy("update", List.of("manager")));
        assertThatCode(() -> Permissions.checkWrite(r, CLERK, order(r), "update", map("state", "open")))
                .doesNotThrowAnyException();
        assertThatCode(() -> Permissions.checkWrite(r, CLERK, order(r), "update", map("state", "held")))
                .doesNotThrowAnyException();
        forbidden(() -> Permissions.checkWrite(r, CLERK, order(r), "update", map("state", "done")),
                "Permission denied for update on order");
        // the unconditioned policy belongs to another role
        forbidden(() -> Permissions.checkWrite(r, GUEST, order(r), "update", map("state", "open")),
                "Permission denied for update on order");
    }

    /** Issue 5 tightens SPEC §11: create conditions are checked against the incoming row. */
    @Test
    void createConditionsAreCheckedAgainstTheIncomingRow() {
        Registry r = reg(policy("create", List.of("clerk"), "state", "eq", "open"));
        assertThatCode(() -> Permissions.checkWrite(r, CLERK, order(r), "create", map("ref", "A", "state", "open")))
                .doesNotThrowAnyException();
        forbidden(() -> Permissions.checkWrite(r, CLERK, order(r), "create", map("ref", "A", "state", "done")),
                "Permission denied for create on order");
        forbidden(() -> Permissions.checkWrite(r, CLERK, order(r), "create", map("ref", "A")),
                "Permission denied for create on order");
    }

    // ---- condition semantics -----------------------------------------------------------------------

    private static FieldDef typed(FieldType type) {
        return new FieldDef("f", type, false, false, false, null, true, null, null, null, "\"f\"");
    }

    /** Values are read as the field's type: numbers numerically, text by code points, booleans as booleans. */
    static Stream<Arguments> conditions() {
        FieldType s = FieldType.STRING;
        FieldType i = FieldType.INT;
        FieldType d = FieldType.DECIMAL;
        FieldType b = FieldType.BOOLEAN;
        return Stream.of(
                Arguments.of(s, "eq", "open", "open", true),
                Arguments.of(s, "eq", "open", "done", false),
                Arguments.of(i, "eq", "5", 5, true),
                Arguments.of(i, "eq", 5, "5", true),
                Arguments.of(d, "eq", 5, new BigDecimal("5.00"), true),
                Arguments.of(i, "eq", 5, 6, false),
                Arguments.of(b, "eq", true, true, true),
                Arguments.of(b, "eq", false, true, false),
                Arguments.of(s, "eq", null, "x", false),
                Arguments.of(s, "neq", "open", "done", true),
                Arguments.of(s, "neq", "open", "open", false),
                Arguments.of(d, "neq", 5, "5.0", false),
                Arguments.of(s, "in", List.of("open", "held"), "held", true),
                Arguments.of(s, "in", List.of("open", "held"), "done", false),
                Arguments.of(i, "in", List.of(1, 2), "2", true),
                Arguments.of(s, "in", List.of(), "x", false),
                Arguments.of(s, "not_in", List.of("open"), "done", true),
                Arguments.of(s, "not_in", List.of("open"), "open", false),
                Arguments.of(i, "not_in", List.of("1"), 1, false),
                Arguments.of(i, "gt", 5, 10, true),
                Arguments.of(i, "gt", 5, 5, false),
                Arguments.of(i, "gt", 9, "10", true),
                Arguments.of(i, "gt", "9", 10, true),
                Arguments.of(d, "gt", 1.5, new BigDecimal("1.51"), true),
                Arguments.of(s, "gt", "a", "b", true), // text orders by code points, as in SQL COLLATE "C"
                Arguments.of(s, "gt", "a", "B", false),
                Arguments.of(s, "gt", "9", "10", false),
                Arguments.of(i, "gt", 5, "abc", false),
                Arguments.of(i, "gte", 5, 5, true),
                Arguments.of(i, "gte", 5, 4, false),
                Arguments.of(i, "lt", 5, 4, true),
                Arguments.of(i, "lt", 5, 5, false),
                Arguments.of(i, "lt", "-1", -2, true),
                Arguments.of(i, "lte", 5, 5, true),
                Arguments.of(i, "lte", 5, 6, false),
                Arguments.of(s, "like", "A-%", "A-17", true),
                Arguments.of(s, "like", "A-%", "xA-1", false),
                Arguments.of(s, "like", "A_1", "AB1", true),
                Arguments.of(s, "like", "A_1", "AB12", false),
                Arguments.of(s, "like", "a.c", "abc", false),
                Arguments.of(s, "like", "a.c", "a.c", true),
                Arguments.of(s, "like", "a%", "A", false),
                Arguments.of(s, "like", "%", "", true),
                Arguments.of(s, "like", "a%", "a\nb", true),
                Arguments.of(i, "like", "12%", 123, true),
                Arguments.of(s, "like", "(x)[y]*", "(x)[y]*", true),
                Arguments.of(s, "like", null, "x", false));
    }

    @ParameterizedTest(name = "{0}: {2} {1} row value {3} → {4}")
    @MethodSource("conditions")
    void conditionSemanticsOnRowValues(FieldType type, String op, Object value, Object rowValue, boolean expected) {
        assertThat(Permissions.holds(typed(type), new Policy.Cond("f", Op.parse(op), value), rowValue)).isEqualTo(expected);
    }

    @Test
    void aNullRowValueNeverMatches() {
        for (Op op : Op.values()) {
            Object v = op.isList() ? List.of("x") : "x";
            assertThat(Permissions.holds(typed(FieldType.STRING), new Policy.Cond("f", op, v), null)).as(op.wireName()).isFalse();
        }
    }

    @Test
    void likeHonoursTheSqlEscapeCharacter() {
        FieldDef f = typed(FieldType.STRING);
        assertThat(Permissions.holds(f, new Policy.Cond("f", Op.LIKE, "100\\%"), "100%")).isTrue();
        assertThat(Permissions.holds(f, new Policy.Cond("f", Op.LIKE, "100\\%"), "100\\abc")).isFalse();
        assertThat(Permissions.holds(f, new Policy.Cond("f", Op.LIKE, "a\\_c"), "abc")).isFalse();
    }

    // ---- readScope -------------------------------------------------------------------------------

    private static FieldCondition fc(Registry r, String field, Op op, Object value, boolean asText) {
        return new FieldCondition(order(r).field(field), op, value, asText);
    }

    /** Count SQL of order with the scope as extra conditions; array binds as [type, values]. */
    private static SqlFragment countWith(Registry r, List<Condition> scope) {
        return new SqlRenderer(r).count(QueryPlanner.plan(r, order(r),
                new ReadRequest(List.of(), List.of(), 1, 25, List.of()), scope, e -> List.of()));
    }

    private static List<Object> binds(SqlFragment f) {
        List<Object> out = new ArrayList<>();
        for (Object b : f.binds()) {
            out.add(b instanceof Jdbc.SqlArray a ? List.of(a.elementType(), Arrays.asList(a.values())) : b);
        }
        return out;
    }

    @Test
    void readWithoutPolicyIsForbidden() {
        Registry r = reg(policy("update", List.of("clerk")));
        forbidden(() -> Permissions.readScope(r, CLERK, order(r)), "No permission for read on order");
    }

    @Test
    void readWithPoliciesOfOtherRolesIsDenied() {
        Registry r = reg(policy("read", List.of("manager"), "state", "eq", "open"));
        forbidden(() -> Permissions.readScope(r, CLERK, order(r)), "Permission denied for read on order");
    }

    @Test
    void adminAndUnconditionedPoliciesReadEverything() {
        Registry none = reg();
        assertThat(Permissions.readScope(none, ADMIN, order(none))).isEmpty();
        Registry r = reg(policy("read", List.of("clerk"), "state", "eq", "open"), policy("read", List.of("clerk")));
        assertThat(Permissions.readScope(r, CLERK, order(r))).isEmpty();
    }

    @Test
    void readConditionsBecomeOneAnyOfGroupPerPolicy() {
        Registry r = reg(
                policy("read", List.of("clerk"), "state", "eq", "open", "qty", "gt", 0),
                policy("read", List.of("manager"), "state", "eq", "done"),
                policy("read", List.of("clerk"), "state", "in", List.of("held")));
        List<Condition> scope = Permissions.readScope(r, CLERK, order(r));
        assertThat(scope).containsExactly(new AnyOf(List.of(
                List.of(fc(r, "state", Op.EQ, "open", false), fc(r, "qty", Op.GT, 0, false)),
                List.of(fc(r, "state", Op.IN, List.of("held"), false)))));

        SqlFragment sql = countWith(r, scope);
        assertThat(sql.sql()).isEqualTo("SELECT COUNT(*) FROM \"orders\" t WHERE t.\"deleted_at\" IS NULL"
                + " AND ((t.\"state\" = ? AND t.\"qty\" > ?) OR (t.\"state\" = ANY(CAST(? AS text[]))))");
        assertThat(binds(sql)).containsExactly("open", 0, List.of("text", List.of("held")));
    }

    @Test
    void conditionValuesAreTypedByTheirField() {
        Registry r = reg(policy("read", List.of("clerk"), "qty", "in", List.of(1, "2"), "qty", "eq", "5",
                "qty", "lte", "7", "ref", "gt", "A"));
        assertThat(Permissions.readScope(r, CLERK, order(r))).containsExactly(new AnyOf(List.of(List.of(
                fc(r, "qty", Op.IN, List.of(1, 2), false),
                fc(r, "qty", Op.EQ, 5, false),
                fc(r, "qty", Op.LTE, 7, false),
                fc(r, "ref", Op.GT, "A", false)))));
        SqlFragment sql = countWith(r, Permissions.readScope(r, CLERK, order(r)));
        assertThat(sql.sql()).isEqualTo("SELECT COUNT(*) FROM \"orders\" t WHERE t.\"deleted_at\" IS NULL"
                + " AND ((t.\"qty\" = ANY(CAST(? AS int4[])) AND t.\"qty\" = ? AND t.\"qty\" <= ?"
                + " AND t.\"ref\" COLLATE \"C\" > ?))");
        assertThat(binds(sql)).containsExactly(List.of("text", List.of("1", "2")), 5, 7, "A");
    }

    @Test
    void aValueThatDoesNotFitItsFieldIsRefusedWhenDefined() {
        assertThatThrownBy(() -> reg(policy("read", List.of("clerk"), "qty", "not_in", List.of(1, "x"))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.details()).extracting(d -> d.get("message"))
                        .containsExactly("conditions[0]: value x does not fit int field qty"));
        assertThatThrownBy(() -> reg(policy("read", List.of("clerk"), "qty", "neq", "abc")))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void likeConditionsMatchTheText() {
        Registry r = reg(policy("read", List.of("clerk"), "ref", "like", "A-%", "qty", "like", "1%"));
        assertThat(Permissions.readScope(r, CLERK, order(r))).containsExactly(new AnyOf(List.of(List.of(
                fc(r, "ref", Op.LIKE, "A-%", false), fc(r, "qty", Op.LIKE, "1%", false)))));
        assertThat(countWith(r, Permissions.readScope(r, CLERK, order(r))).sql()).isEqualTo(
                "SELECT COUNT(*) FROM \"orders\" t WHERE t.\"deleted_at\" IS NULL AND ((t.\"ref\" LIKE ? AND t.\"qty\"::text LIKE ?))");
    }

    @Test
    void aPolicyThatCanNeverHoldGrantsNothingButOthersStillApply() {
        Registry r = reg(
                policy("read", List.of("clerk"), "state", "eq", null),   // comparison with null
                policy("read", List.of("clerk"), "state", "eq", "open"));
        assertThat(Permissions.readScope(r, CLERK, order(r))).containsExactly(new AnyOf(List.of(List.of(
                fc(r, "state", Op.EQ, "open", false)))));
    }

    @Test
    void anUnsatisfiableReadPolicyGivesAnEmptyScopeNotA403() {
        Registry r = reg(policy("read", List.of("clerk"), "ref", "lt", null));
        assertThat(Permissions.readScope(r, CLERK, order(r))).containsExactly(new AnyOf(List.of()));
    }

    // ---- includeScope ----------------------------------------------------------------------------

    @Test
    void includeScopeWithoutPolicyMatchesNothing() {
        Registry r = reg();
        List<Condition> scope = Permissions.includeScope(r, CLERK, order(r));
        assertThat(scope).containsExactly(new AnyOf(List.of()));
        assertThat(countWith(r, scope).sql())
                .isEqualTo("SELECT COUNT(*) FROM \"orders\" t WHERE t.\"deleted_at\" IS NULL AND FALSE");
        Registry other = reg(policy("read", List.of("manager")));
        assertThat(Permissions.includeScope(other, CLERK, order(other))).containsExactly(new AnyOf(List.of()));
    }

    @Test
    void includeScopeOfAdminAndUnconditionedPoliciesIsEmpty() {
        Registry none = reg();
        assertThat(Permissions.includeScope(none, ADMIN, order(none))).isEmpty();
        Registry r = reg(policy("read", List.of("clerk")));
        assertThat(Permissions.includeScope(r, CLERK, order(r))).isEmpty();
    }

    @Test
    void includeScopeCarriesTheReadConditions() {
        Registry r = reg(policy("read", List.of("clerk"), "state", "neq", "done"));
        assertThat(Permissions.includeScope(r, CLERK, order(r)))
                .isEqualTo(Permissions.readScope(r, CLERK, order(r)))
                .containsExactly(new AnyOf(List.of(List.of(fc(r, "state", Op.NEQ, "done", false)))));
    }

    // ---- $user.id ---------------------------------------------------------------------------------

    @Test
    void userIdPlaceholderStandsForTheCallerInWriteChecks() {
        Registry r = reg(policy("update", List.of("clerk", "guest"), "customer_id", "eq", "$user.id"));
        assertThatCode(() -> Permissions.checkWrite(r, CLERK, order(r), "update", map("customer_id", "00000000-0000-4000-8000-0000000000a1")))
                .doesNotThrowAnyException();
        forbidden(() -> Permissions.checkWrite(r, GUEST, order(r), "update", map("customer_id", "00000000-0000-4000-8000-0000000000a1")),
                "Permission denied for update on order");
        forbidden(() -> Permissions.checkWrite(r, CLERK, order(r), "update", map("customer_id", "$user.id")),
                "Permission denied for update on order");
    }

    @Test
    void userIdPlaceholderIsBoundInReadScopesAndLists() {
        Registry r = reg(policy("read", List.of("clerk"), "customer_id", "eq", "$user.id"));
        assertThat(Permissions.readScope(r, CLERK, order(r)))
                .containsExactly(new AnyOf(List.of(List.of(fc(r, "customer_id", Op.EQ, java.util.UUID.fromString("00000000-0000-4000-8000-0000000000a1"), false)))));
        assertThat(Permissions.bind(new Policy.Cond("customer_id", Op.IN, List.of("x", "$user.id")), GUEST))
                .isEqualTo(new Policy.Cond("customer_id", Op.IN, List.of("x", "00000000-0000-4000-8000-0000000000a2")));
    }
}
