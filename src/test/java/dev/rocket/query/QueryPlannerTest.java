package dev.rocket.query;

import static dev.rocket.metadata.TestMetadata.relation;
import static dev.rocket.query.QueryFixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.Op;
import dev.rocket.metadata.Registry;
import dev.rocket.metadata.TestMetadata;
import dev.rocket.query.Condition.FieldCondition;
import dev.rocket.request.ReadRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Name resolution, value coercion and includes of {@link QueryPlanner} (SPEC §5, G-12, G-16, G-21). */
class QueryPlannerTest {
    private static final Registry REG = TestMetadata.shop();
    private static final EntityDef ORDER = REG.entity("order");
    private static final EntityDef ITEM = REG.entity("item");

    private static void fails(ErrorCode code, String message, String entity, String... kv) {
        assertThatThrownBy(() -> plan(REG, entity, kv))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    // ---- plan structure --------------------------------------------------------------------------

    @Test
    void planCarriesConditionsOrderPagingAndNoIncludes() {
        ReadPlan p = plan(REG, "order", "filter[state]", "open", "page", "2", "per_page", "5");
        assertThat(p.entity()).isSameAs(ORDER);
        assertThat(p.conditions()).containsExactly(new FieldCondition(ORDER.field("state"), Op.EQ, "open", false));
        assertThat(p.order()).containsExactly(new ReadPlan.Order(ORDER.field("id"), false));
        assertThat(p.page()).isEqualTo(2);
        assertThat(p.perPage()).isEqualTo(5);
        assertThat(p.offset()).isEqualTo(5L);
        assertThat(p.includes()).isEmpty();
    }

    @Test
    void extraConditionsFollowTheFilters() {
        Condition extra = new Condition.AnyOf(List.of());
        ReadPlan p = plan(REG, "item", List.of(extra), e -> List.of(), "filter[qty]", "1");
        assertThat(p.conditions()).containsExactly(new FieldCondition(ITEM.field("qty"), Op.EQ, 1, false), extra);
    }

    @Test
    void relatedFilterBecomesExistsWithTheScopeOfTheOtherEntity() {
        List<Condition> scope = List.of(new Condition.AnyOf(List.of(List.of())));
        ReadPlan p = plan(REG, "order", List.of(), e -> e.name().equals("order_line") ? scope : List.of(),
                "filter[lines.qty.lt]", "3");
        EntityDef line = REG.entity("order_line");
        assertThat(p.conditions()).containsExactly(new Condition.Exists(new Registry.Link(REG.relation("lines"), true),
                new FieldCondition(line.field("qty"), Op.LT, 3, false), scope));
    }

    // ---- unknown names → 400 UNKNOWN_FIELD -------------------------------------------------------

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "filter[nope]          | Unknown filter field: nope",
            "filter[nope.eq]       | Unknown filter field: nope",
            "filter[qty.between]   | Unknown filter operator: between",
            "filter[qty.GT]        | Unknown filter operator: GT",
            "filter[qty.gt.x]      | Unknown filter operator: gt.x",
            "filter[lines]         | Unknown filter field: lines",
            "filter[lines.nope]    | Unknown filter field: lines.nope",
            "filter[lines.sku.bad] | Unknown filter operator: bad",
            "filter[customer.x]    | Unknown filter field: customer.x",
            "sort                  | Unknown sort field: nope",
    })
    void unknownNamesAreUnknownField(String key, String message) {
        String value = key.equals("sort") ? "nope" : "1";
        fails(ErrorCode.UNKNOWN_FIELD, message.strip(), "order", key.strip(), value);
    }

    @Test
    void sortingByARelatedFieldIsUnknown() {
        fails(ErrorCode.UNKNOWN_FIELD, "Unknown sort field: lines.sku", "order", "sort", "-lines.sku");
    }

    @Test
    void aRelationOfOtherEntitiesIsUnknownHere() {
        fails(ErrorCode.UNKNOWN_FIELD, "Unknown filter field: lines", "item", "filter[lines.sku]", "x");
        fails(ErrorCode.UNKNOWN_FIELD, "Unknown include: lines", "item", "include", "lines");
    }

    @Test
    void unknownIncludeIsUnknownField() {
        fails(ErrorCode.UNKNOWN_FIELD, "Unknown include: nope", "order", "include", "lines,nope");
    }

    // ---- uncoercible values → 400 INVALID_PAYLOAD -------------------------------------------------

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "filter[qty]          | abc                                  | Invalid value for filter on qty: must be an integer",
            "filter[qty.gt]       | 1.5                                  | Invalid value for filter on qty: must be an integer",
            "filter[qty]          | 2147483648                           | Invalid value for filter on qty: is out of range for int",
            "filter[qty]          | -2147483649                          | Invalid value for filter on qty: is out of range for int",
            "filter[qty]          | ''                                   | Invalid value for filter on qty: must be an integer",
            "filter[big]          | 9223372036854775808                  | Invalid value for filter on big: is out of range for bigint",
            "filter[price]        | NaN                                  | Invalid value for filter on price: must be a number",
            "filter[price]        | Infinity                             | Invalid value for filter on price: must be a number",
            "filter[price]        | 12345678901234567                    | Invalid value for filter on price: has more than 16 integer digits",
            "filter[ext]          | not-a-uuid                           | Invalid value for filter on ext: must be a UUID",
            "filter[ext]          | 3f0c2a8e-1b2c-4d5e-8f90-0123456789ax | Invalid value for filter on ext: must be a UUID",
            "filter[day]          | 2024-02-30                           | Invalid value for filter on day: must be a YYYY-MM-DD date",
            "filter[day.gt]       | 02/01/2024                           | Invalid value for filter on day: must be a YYYY-MM-DD date",
            "filter[seen_at]      | yesterday                            | Invalid value for filter on seen_at: must be an ISO 8601 timestamp",
            "filter[qty.in]       | 1,x                                  | Invalid value for filter on qty: must be an integer",
            "filter[qty.in]       | 1,,2                                 | Invalid value for filter on qty: must be an integer",
            "filter[ext.not_in]   | x                                    | Invalid value for filter on ext: must be a UUID",
    })
    void uncoercibleValuesAreInvalidPayload(String key, String value, String message) {
        fails(ErrorCode.INVALID_PAYLOAD, message.strip(), "item", key.strip(), value.strip());
    }

    @Test
    void nulCharactersInTextFiltersAreInvalidPayload() {
        fails(ErrorCode.INVALID_PAYLOAD, "Invalid value for filter on name: must not contain NUL characters",
                "item", "filter[name]", "a\u0000b");
        fails(ErrorCode.INVALID_PAYLOAD, "Invalid value for filter on name: must not contain NUL characters",
                "item", "filter[name.in]", "a,b\u0000c");
    }

    @Test
    void nulCharactersInLikeAndJsonFiltersAreInvalidPayload() {
        fails(ErrorCode.INVALID_PAYLOAD, "Invalid value for filter on name: must not contain NUL characters",
                "item", "filter[name.like]", "a\u0000b");
        fails(ErrorCode.INVALID_PAYLOAD, "Invalid value for filter on meta: must not contain NUL characters",
                "item", "filter[meta]", "a\u0000b");
    }

    @Test
    void relatedFilterValuesAreCoercedByTheRelatedFieldType() {
        fails(ErrorCode.INVALID_PAYLOAD, "Invalid value for filter on qty: must be an integer",
                "order", "filter[lines.qty]", "abc");
        fails(ErrorCode.INVALID_PAYLOAD, "Invalid value for filter on customer_id: must be a UUID",
                "customer", "filter[profile.customer_id]", "42");
    }

    @Test
    void aThousandListValuesAreAcceptedOneMoreIsRefused() {
        StringJoiner j = new StringJoiner(",");
        for (int i = 0; i < 1000; i++) {
            j.add(Integer.toString(i));
        }
        ReadPlan ok = plan(REG, "item", "filter[qty.in]", j.toString());
        assertThat((List<?>) ((FieldCondition) ok.conditions().get(0)).value()).hasSize(1000);
        fails(ErrorCode.INVALID_PAYLOAD, "Too many values for qty (at most 1000)", "item",
                "filter[qty.in]", j + ",1000");
    }

    @Test
    void listValuesAreParsedByFieldType() {
        FieldCondition c = (FieldCondition) plan(REG, "item", "filter[qty.in]", " 1,2 ").conditions().get(0);
        assertThat(c.value()).isEqualTo(List.of(1, 2));
        assertThat(c.asText()).isFalse();
    }

    @Test
    void likeKeepsTheRawPattern() {
        FieldCondition c = (FieldCondition) plan(REG, "item", "filter[qty.like]", " 1% ").conditions().get(0);
        assertThat(c.value()).isEqualTo(" 1% ");
    }

    // ---- includes --------------------------------------------------------------------------------

    @Test
    void includesResolveForwardReverseAndByEntityName() {
        ReadPlan p = plan(REG, "order", "include", "lines,customer,tags,order_line");
        assertThat(p.includes()).containsExactly(
                new ReadPlan.Include("lines", new Registry.Link(REG.relation("lines"), true)),
                new ReadPlan.Include("customer", new Registry.Link(REG.relation("customer_orders"), false)),
                new ReadPlan.Include("tags", new Registry.Link(REG.relation("tags"), true)),
                new ReadPlan.Include("order_line", new Registry.Link(REG.relation("lines"), true)));
    }

    @Test
    void linkShapes() {
        assertThat(REG.resolve("order", "lines").isList()).as("forward o2m").isTrue();
        assertThat(REG.resolve("customer", "profile").isList()).as("forward o2o").isFalse();
        assertThat(REG.resolve("order", "customer").isList()).as("reverse o2m").isFalse();
        assertThat(REG.resolve("profile", "customer").isList()).as("reverse o2o").isFalse();
        assertThat(REG.resolve("tag", "tags").isList()).as("reverse m2m").isTrue();
        assertThat(REG.resolve("tag", "order")).isEqualTo(new Registry.Link(REG.relation("tags"), false));
        assertThat(REG.resolve("tag", "order").otherEntity()).isEqualTo("order");
        assertThat(REG.resolve("item", "order")).isNull();
    }

    @Test
    void eagerRelationsAreAddedAfterTheRequestedIncludesOnce() {
        List<Map<String, Object>> rels = new ArrayList<>(TestMetadata.shopRelations());
        rels.set(0, relation("lines", "one_to_many", "order", "order_line", "target_key", "order_id",
                "on_delete", "cascade", "fetch", "eager"));
        rels.set(1, relation("customer_orders", "one_to_many", "customer", "order", "target_key", "customer_id",
                "on_delete", "set_null", "fetch", "eager"));
        Registry reg = TestMetadata.registry(TestMetadata.shopEntities(), rels, List.of());
        Registry.Link lines = new Registry.Link(reg.relation("lines"), true);

        assertThat(QueryFixtures.plan(reg, "order").includes())
                .as("eager forward relation; the eager customer_orders is not added from its target")
                .containsExactly(new ReadPlan.Include("lines", lines));
        assertThat(QueryFixtures.plan(reg, "order", "include", "tags").includes()).containsExactly(
                new ReadPlan.Include("tags", new Registry.Link(reg.relation("tags"), true)),
                new ReadPlan.Include("lines", lines));
        assertThat(QueryFixtures.plan(reg, "order", "include", "lines").includes())
                .containsExactly(new ReadPlan.Include("lines", lines));
        assertThat(QueryPlanner.includes(reg, reg.entity("customer"), List.of())).containsExactly(
                new ReadPlan.Include("customer_orders", new Registry.Link(reg.relation("customer_orders"), true)));
        assertThat(QueryFixtures.plan(REG, "order").includes()).as("lazy by default").isEmpty();
    }

    @Test
    void requestWithoutSortOrdersByPkAscending() {
        ReadPlan p = QueryPlanner.plan(REG, ITEM, new ReadRequest(List.of(), List.of(), 1, 25, List.of()), List.of(),
                e -> List.of());
        assertThat(p.order()).containsExactly(new ReadPlan.Order(ITEM.pk(), false));
    }
}
