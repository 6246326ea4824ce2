package dev.rocket.query;

import static dev.rocket.query.QueryFixtures.binds;
import static dev.rocket.query.QueryFixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rocket.db.SqlFragment;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.Op;
import dev.rocket.metadata.Registry;
import dev.rocket.metadata.TestMetadata;
import dev.rocket.query.Condition.AnyOf;
import dev.rocket.query.Condition.FieldCondition;
import dev.rocket.query.QueryFixtures.Arr;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Exact SQL text and binds of list, count and get-by-id (SPEC §5). */
class SqlRendererTest {
    private static final Registry REG = TestMetadata.shop();
    private static final SqlRenderer R = new SqlRenderer(REG);
    private static final EntityDef ORDER = REG.entity("order");
    private static final EntityDef ITEM = REG.entity("item");
    private static final EntityDef LINE = REG.entity("order_line");

    private static final String ORDER_COLS =
            "t.\"id\", t.\"ref\", t.\"state\", t.\"qty\", t.\"customer_id\", t.\"created_at\", t.\"deleted_at\"";
    private static final String ITEM_COLS = "t.\"id\", t.\"name\", t.\"qty\", t.\"big\", t.\"price\", t.\"active\", "
            + "t.\"ext\", t.\"seen_at\", t.\"day\", t.\"meta\", t.\"body\"";
    private static final UUID ID = UUID.fromString("3f0c2a8e-1b2c-4d5e-8f90-0123456789ab");

    private static void sql(SqlFragment f, String sql, Object... binds) {
        assertThat(f.sql()).isEqualTo(sql);
        assertThat(binds(f.binds())).containsExactly(binds);
    }

    private static SqlFragment count(String entity, String... kv) {
        return R.count(plan(REG, entity, kv));
    }

    private static SqlFragment countWith(String entity, List<Condition> extra, String... kv) {
        return R.count(plan(REG, entity, extra, e -> List.of(), kv));
    }

    // ---- no filters --------------------------------------------------------------------------------

    @Test
    void softDeleteListHasTheLiveConditionAndPkOrder() {
        sql(R.select(plan(REG, "order")),
                "SELECT " + ORDER_COLS + " FROM \"orders\" t WHERE t.\"deleted_at\" IS NULL"
                        + " ORDER BY t.\"id\" ASC LIMIT ? OFFSET ?",
                26, 0L);
    }

    @Test
    void softDeleteCount() {
        sql(count("order"), "SELECT COUNT(*) FROM \"orders\" t WHERE t.\"deleted_at\" IS NULL");
    }

    @Test
    void softDeleteById() {
        sql(R.byId(ORDER, ID, List.of()),
                "SELECT " + ORDER_COLS + " FROM \"orders\" t WHERE t.\"id\" = ? AND t.\"deleted_at\" IS NULL", ID);
    }

    @Test
    void hardDeleteListCountAndByIdHaveNoLiveCondition() {
        sql(R.select(plan(REG, "item")),
                "SELECT " + ITEM_COLS + " FROM \"items\" t ORDER BY t.\"id\" ASC LIMIT ? OFFSET ?", 26, 0L);
        sql(count("item"), "SELECT COUNT(*) FROM \"items\" t");
        sql(R.byId(ITEM, 7L, List.of()), "SELECT " + ITEM_COLS + " FROM \"items\" t WHERE t.\"id\" = ?", 7L);
    }

    // ---- operators and bind types ----------------------------------------------------------------

    static Stream<Arguments> scalarFilters() {
        return Stream.of(
                Arguments.of("filter[qty]", "5", "t.\"qty\" = ?", 5),
                Arguments.of("filter[qty.eq]", "5", "t.\"qty\" = ?", 5),
                Arguments.of("filter[qty.neq]", "5", "t.\"qty\" <> ?", 5),
                Arguments.of("filter[qty.gt]", "-5", "t.\"qty\" > ?", -5),
                Arguments.of("filter[qty.gte]", " 5 ", "t.\"qty\" >= ?", 5),
                Arguments.of("filter[qty.lt]", "2147483647", "t.\"qty\" < ?", 2147483647),
                Arguments.of("filter[qty.lte]", "5", "t.\"qty\" <= ?", 5),
                Arguments.of("filter[big.gt]", "9000000000", "t.\"big\" > ?", 9000000000L),
                Arguments.of("filter[big]", "1", "t.\"big\" = ?", 1L),
                Arguments.of("filter[price.lte]", "12.50", "t.\"price\" <= ?", new BigDecimal("12.50")),
                Arguments.of("filter[active]", "true", "t.\"active\" = ?", true),
                Arguments.of("filter[active]", "1", "t.\"active\" = ?", true),
                Arguments.of("filter[active]", "no", "t.\"active\" = ?", false),
                Arguments.of("filter[ext]", "3F0C2A8E-1B2C-4D5E-8F90-0123456789AB", "t.\"ext\" = ?", ID),
                Arguments.of("filter[seen_at.gte]", "2024-01-02T03:04:05+01:00", "t.\"seen_at\" >= ?",
                        OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(1))),
                Arguments.of("filter[seen_at.lt]", "2024-01-02T03:04:05", "t.\"seen_at\" < ?",
                        OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC)),
                Arguments.of("filter[day.lt]", "2024-02-29", "t.\"day\" < ?", LocalDate.of(2024, 2, 29)),
                Arguments.of("filter[name]", "Bob", "t.\"name\" = ?", "Bob"),
                Arguments.of("filter[name]", " Bob ", "t.\"name\" = ?", " Bob "),
                Arguments.of("filter[name.gt]", "M", "t.\"name\" COLLATE \"C\" > ?", "M"), // code-point order, as Op.test
                Arguments.of("filter[body.neq]", "x", "t.\"body\" <> ?", "x"),
                Arguments.of("filter[name.like]", "Bo%", "t.\"name\" LIKE ?", "Bo%"),
                Arguments.of("filter[body.like]", "%a_b%", "t.\"body\" LIKE ?", "%a_b%"),
                Arguments.of("filter[qty.like]", "1%", "t.\"qty\"::text LIKE ?", "1%"),
                Arguments.of("filter[seen_at.like]", "2024%",
                        "to_char(t.\"seen_at\" AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') LIKE ?", "2024%"),
                Arguments.of("filter[meta]", "{\"a\":1}", "t.\"meta\"::text = ?", "{\"a\":1}"),
                Arguments.of("filter[meta.neq]", "null", "t.\"meta\"::text <> ?", "null"),
                Arguments.of("filter[meta.like]", "%\"a\"%", "t.\"meta\"::text LIKE ?", "%\"a\"%"));
    }

    @ParameterizedTest(name = "{0}={1} → {2}")
    @MethodSource("scalarFilters")
    void scalarOperatorsRenderWithTypedBinds(String key, String value, String where, Object bind) {
        SqlFragment f = count("item", key, value);
        sql(f, "SELECT COUNT(*) FROM \"items\" t WHERE " + where, bind);
        assertThat(f.binds().get(0)).isExactlyInstanceOf(bind.getClass());
    }

    static Stream<Arguments> listFilters() {
        return Stream.of(
                Arguments.of("filter[qty.in]", "1, 2 ,3", "t.\"qty\" = ANY(CAST(? AS int4[]))", Arr.text("1", "2", "3")),
                Arguments.of("filter[qty.not_in]", "+4", "t.\"qty\" <> ALL(CAST(? AS int4[]))", Arr.text("4")),
                Arguments.of("filter[big.not_in]", "1,2", "t.\"big\" <> ALL(CAST(? AS int8[]))", Arr.text("1", "2")),
                Arguments.of("filter[price.in]", "1.5,2.25", "t.\"price\" = ANY(CAST(? AS numeric[]))",
                        Arr.text("1.5", "2.25")),
                Arguments.of("filter[name.in]", " a , b", "t.\"name\" = ANY(CAST(? AS text[]))", Arr.text("a", "b")),
                Arguments.of("filter[name.not_in]", "a,,b", "t.\"name\" <> ALL(CAST(? AS text[]))",
                        Arr.text("a", "", "b")),
                Arguments.of("filter[body.in]", "x", "t.\"body\" = ANY(CAST(? AS text[]))", Arr.text("x")),
                Arguments.of("filter[ext.in]", "3F0C2A8E-1B2C-4D5E-8F90-0123456789AB",
                        "t.\"ext\" = ANY(CAST(? AS uuid[]))", Arr.text("3f0c2a8e-1b2c-4d5e-8f90-0123456789ab")),
                Arguments.of("filter[active.in]", "true,0", "t.\"active\" = ANY(CAST(? AS bool[]))",
                        Arr.text("true", "false")),
                Arguments.of("filter[day.in]", "2024-01-02,2024-02-29", "t.\"day\" = ANY(CAST(? AS date[]))",
                        Arr.text("2024-01-02", "2024-02-29")),
                Arguments.of("filter[seen_at.in]", "2024-01-02T03:04:05Z", "t.\"seen_at\" = ANY(CAST(? AS timestamptz[]))",
                        Arr.text("2024-01-02T03:04:05Z")),
                Arguments.of("filter[meta.in]", "a,b", "t.\"meta\"::text = ANY(CAST(? AS text[]))", Arr.text("a", "b")),
                Arguments.of("filter[meta.not_in]", "1", "t.\"meta\"::text <> ALL(CAST(? AS text[]))", Arr.text("1")));
    }

    @ParameterizedTest(name = "{0}={1} → {2}")
    @MethodSource("listFilters")
    void listOperatorsBindATextArrayCastToTheColumnType(String key, String value, String where, Arr bind) {
        sql(count("item", key, value), "SELECT COUNT(*) FROM \"items\" t WHERE " + where, bind);
    }

    @Test
    void filtersAreAndedInRequestOrderAfterTheLiveCondition() {
        sql(count("order", "filter[state]", "open", "filter[qty.gte]", "2", "filter[qty.gte]", "4"),
                "SELECT COUNT(*) FROM \"orders\" t WHERE t.\"deleted_at\" IS NULL AND t.\"state\" = ?"
                        + " AND t.\"qty\" >= ? AND t.\"qty\" >= ?",
                "open", 2, 4);
        sql(count("item", "filter[qty.gt]", "1", "filter[name]", "x"),
                "SELECT COUNT(*) FROM \"items\" t WHERE t.\"qty\" > ? AND t.\"name\" = ?", 1, "x");
    }

    @Test
    void selectAndCountShareTheWhereClause() {
        ReadPlan p = plan(REG, "order", "filter[state]", "held", "page", "2", "per_page", "10");
        sql(R.select(p),
                "SELECT " + ORDER_COLS + " FROM \"orders\" t WHERE t.\"deleted_at\" IS NULL AND t.\"state\" = ?"
                        + " ORDER BY t.\"id\" ASC LIMIT ? OFFSET ?",
                "held", 11, 10L);
        sql(R.count(p), "SELECT COUNT(*) FROM \"orders\" t WHERE t.\"deleted_at\" IS NULL AND t.\"state\" = ?", "held");
    }

    // ---- sort and pages --------------------------------------------------------------------------

    @Test
    void sortKeysKeepTheirOrderAndThePkBreaksTies() {
        sql(R.select(plan(REG, "item", "sort", "-qty,name")),
                "SELECT " + ITEM_COLS + " FROM \"items\" t ORDER BY t.\"qty\" DESC, t.\"name\" ASC, t.\"id\" ASC"
                        + " LIMIT ? OFFSET ?",
                26, 0L);
    }

    @Test
    void sortingByThePkAddsNoTieBreaker() {
        sql(R.select(plan(REG, "item", "sort", "-id")),
                "SELECT " + ITEM_COLS + " FROM \"items\" t ORDER BY t.\"id\" DESC LIMIT ? OFFSET ?", 26, 0L);
        sql(R.select(plan(REG, "item", "sort", "name,id")),
                "SELECT " + ITEM_COLS + " FROM \"items\" t ORDER BY t.\"name\" ASC, t.\"id\" ASC LIMIT ? OFFSET ?",
                26, 0L);
    }

    @Test
    void limitAndOffsetAreBinds() {
        sql(R.select(plan(REG, "item", "page", "3", "per_page", "10")),
                "SELECT " + ITEM_COLS + " FROM \"items\" t ORDER BY t.\"id\" ASC LIMIT ? OFFSET ?", 11, 20L);
    }

    @Test
    void offsetOfTheLastPossiblePageDoesNotOverflow() {
        sql(R.select(plan(REG, "item", "page", "99999999999", "per_page", "500")),
                "SELECT " + ITEM_COLS + " FROM \"items\" t ORDER BY t.\"id\" ASC LIMIT ? OFFSET ?",
                101, 214748364600L);
    }

    // ---- EXISTS through relations ----------------------------------------------------------------

    @Test
    void forwardOneToManyExists() {
        sql(count("order", "filter[lines.sku]", "X1"),
                "SELECT COUNT(*) FROM \"orders\" t WHERE t.\"deleted_at\" IS NULL AND EXISTS (SELECT 1 FROM"
                        + " \"order_lines\" r WHERE r.\"order_id\" = t.\"id\" AND r.\"deleted_at\" IS NULL"
                        + " AND r.\"sku\" = ?)",
                "X1");
    }

    @Test
    void forwardExistsWithOperatorsAndEntityNameAlias() {
        sql(count("order", "filter[lines.qty.gte]", "2", "filter[order_line.sku.in]", "a,b"),
                "SELECT COUNT(*) FROM \"orders\" t WHERE t.\"deleted_at\" IS NULL"
                        + " AND EXISTS (SELECT 1 FROM \"order_lines\" r WHERE r.\"order_id\" = t.\"id\""
                        + " AND r.\"deleted_at\" IS NULL AND r.\"qty\" >= ?)"
                        + " AND EXISTS (SELECT 1 FROM \"order_lines\" r WHERE r.\"order_id\" = t.\"id\""
                        + " AND r.\"deleted_at\" IS NULL AND r.\"sku\" = ANY(CAST(? AS text[])))",
                2, Arr.text("a", "b"));
    }

    @Test
    void forwardOneToOneExistsOnAHardDeleteEntity() {
        sql(count("customer", "filter[profile.bio.like]", "%chef%"),
                "SELECT COUNT(*) FROM \"customers\" t WHERE EXISTS (SELECT 1 FROM \"profiles\" r"
                        + " WHERE r.\"customer_id\" = t.\"id\" AND r.\"bio\" LIKE ?)",
                "%chef%");
    }

    @Test
    void reverseExistsLooksUpTheSourceByTheForeignKey() {
        String expected = "SELECT COUNT(*) FROM \"orders\" t WHERE t.\"deleted_at\" IS NULL AND EXISTS (SELECT 1 FROM"
                + " \"customers\" r WHERE r.\"id\" = t.\"customer_id\" AND r.\"name\" = ?)";
        sql(count("order", "filter[customer_orders.name]", "Ann"), expected, "Ann");
        sql(count("order", "filter[customer.name]", "Ann"), expected, "Ann");
    }

    @Test
    void forwardManyToManyExistsJoinsThroughTheJoinTable() {
        sql(count("order", "filter[tags.label]", "red"),
                "SELECT COUNT(*) FROM \"orders\" t WHERE t.\"deleted_at\" IS NULL AND EXISTS (SELECT 1 FROM"
                        + " \"order_tags\" j JOIN \"tags\" r ON r.\"code\" = j.\"tag_code\""
                        + " WHERE j.\"order_id\" = t.\"id\" AND r.\"label\" = ?)",
                "red");
    }

    @Test
    void reverseManyToManyExistsJoinsTheSourceThroughTheJoinTable() {
        String expected = "SELECT COUNT(*) FROM \"tags\" t WHERE EXISTS (SELECT 1 FROM \"order_tags\" j"
                + " JOIN \"orders\" r ON r.\"id\" = j.\"order_id\" WHERE j.\"tag_code\" = t.\"code\""
                + " AND r.\"deleted_at\" IS NULL AND r.\"ref\" = ?)";
        sql(count("tag", "filter[tags.ref]", "A-1"), expected, "A-1");
        sql(count("tag", "filter[order.ref]", "A-1"), expected, "A-1");
    }

    @Test
    void theReadersScopeOnTheRelatedEntityGoesInsideExists() {
        List<EntityDef> asked = new ArrayList<>();
        ReadPlan p = plan(REG, "order", List.of(), e -> {
            asked.add(e);
            return List.of(new AnyOf(List.of(List.of(new FieldCondition(LINE.field("qty"), Op.GT, 0)))));
        }, "filter[lines.sku]", "X1", "filter[state]", "open");
        assertThat(asked).containsExactly(LINE);
        sql(R.count(p),
                "SELECT COUNT(*) FROM \"orders\" t WHERE t.\"deleted_at\" IS NULL AND EXISTS (SELECT 1 FROM"
                        + " \"order_lines\" r WHERE r.\"order_id\" = t.\"id\" AND r.\"deleted_at\" IS NULL"
                        + " AND r.\"sku\" = ? AND ((r.\"qty\" > ?))) AND t.\"state\" = ?",
                "X1", 0, "open");
    }

    @Test
    void aMatchNothingScopeInsideExistsRendersFalse() {
        ReadPlan p = plan(REG, "order", List.of(), e -> List.of(new AnyOf(List.of())), "filter[tags.label]", "red");
        sql(R.count(p),
                "SELECT COUNT(*) FROM \"orders\" t WHERE t.\"deleted_at\" IS NULL AND EXISTS (SELECT 1 FROM"
                        + " \"order_tags\" j JOIN \"tags\" r ON r.\"code\" = j.\"tag_code\""
                        + " WHERE j.\"order_id\" = t.\"id\" AND r.\"label\" = ? AND FALSE)",
                "red");
    }

    // ---- AnyOf, extra conditions ------------------------------------------------------------

    private static FieldCondition fc(String field, Op op, Object v) {
        return new FieldCondition(ITEM.field(field), op, v);
    }

    @Test
    void anyOfWithoutGroupsMatchesNothing() {
        sql(countWith("item", List.of(new AnyOf(List.of()))), "SELECT COUNT(*) FROM \"items\" t WHERE FALSE");
    }

    @Test
    void anyOfGroupWithoutConditionsMatchesEverything() {
        sql(countWith("item", List.of(new AnyOf(List.of(List.of())))), "SELECT COUNT(*) FROM \"items\" t WHERE ((TRUE))");
        sql(countWith("item", List.of(new AnyOf(List.of(List.of(), List.of(fc("qty", Op.GT, 1)))))),
                "SELECT COUNT(*) FROM \"items\" t WHERE ((TRUE) OR (t.\"qty\" > ?))", 1);
    }

    @Test
    void anyOfOrsGroupsAndAndsInsideOne() {
        AnyOf any = new AnyOf(List.of(
                List.of(fc("qty", Op.GT, 1), fc("name", Op.EQ, "x")),
                List.of(fc("active", Op.EQ, true))));
        sql(countWith("item", List.of(any)),
                "SELECT COUNT(*) FROM \"items\" t WHERE ((t.\"qty\" > ? AND t.\"name\" = ?) OR (t.\"active\" = ?))",
                1, "x", true);
    }

    @Test
    void asTextConditionsCastTheColumnAndBindText() {
        AnyOf any = new AnyOf(List.of(List.of(
                new FieldCondition(ITEM.field("qty"), Op.EQ, 5, true),
                new FieldCondition(ITEM.field("qty"), Op.NOT_IN, List.of("1", "x"), true))));
        sql(countWith("item", List.of(any)),
                "SELECT COUNT(*) FROM \"items\" t WHERE ((t.\"qty\"::text = ? AND t.\"qty\"::text <> ALL(CAST(? AS text[]))))",
                "5", Arr.text("1", "x"));
    }

    @Test
    void extraConditionsFollowTheFiltersInSelectAndCount() {
        List<Condition> extra = List.of(new AnyOf(List.of(List.of(
                new FieldCondition(ORDER.field("state"), Op.EQ, "open", true)))));
        ReadPlan p = plan(REG, "order", extra, e -> List.of(), "filter[qty]", "3");
        sql(R.count(p), "SELECT COUNT(*) FROM \"orders\" t WHERE t.\"deleted_at\" IS NULL AND t.\"qty\" = ?"
                + " AND ((t.\"state\"::text = ?))", 3, "open");
        sql(R.select(p), "SELECT " + ORDER_COLS + " FROM \"orders\" t WHERE t.\"deleted_at\" IS NULL AND t.\"qty\" = ?"
                + " AND ((t.\"state\"::text = ?)) ORDER BY t.\"id\" ASC LIMIT ? OFFSET ?", 3, "open", 26, 0L);
    }

    @Test
    void byIdAppendsExtraConditions() {
        List<Condition> extra = List.of(new AnyOf(List.of(List.of(
                new FieldCondition(ORDER.field("state"), Op.EQ, "open", true)))));
        sql(R.byId(ORDER, ID, extra),
                "SELECT " + ORDER_COLS + " FROM \"orders\" t WHERE t.\"id\" = ? AND t.\"deleted_at\" IS NULL"
                        + " AND ((t.\"state\"::text = ?))",
                ID, "open");
        sql(R.byId(ITEM, 1L, List.of(new AnyOf(List.of()))),
                "SELECT " + ITEM_COLS + " FROM \"items\" t WHERE t.\"id\" = ? AND FALSE", 1L);
    }

    @Test
    void textArrayKeepsNullsAndStringifies() {
        assertThat(binds(List.of(SqlRenderer.textArray(java.util.Arrays.asList(1, null, "b")))))
                .containsExactly(Arr.text("1", null, "b"));
    }

    // ---- keyset pages (after) ------------------------------------------------------------------------

    private static String cursor(String sort, Object qty, long id) {
        java.util.Map<String, Object> row = new java.util.HashMap<>();
        row.put("qty", qty);
        row.put("id", id);
        return Cursor.encode(plan(REG, "item", "sort", sort).order(), row);
    }

    @Test
    void keysetOnThePkAloneIsARangeOnIt() {
        sql(R.select(plan(REG, "item", "after", cursor("", null, 9))),
                "SELECT " + ITEM_COLS + " FROM \"items\" t WHERE (t.\"id\" >= ? AND (((t.\"id\" > ? OR t.\"id\" IS NULL))))"
                        + " ORDER BY t.\"id\" ASC LIMIT ? OFFSET ?", 9L, 9L, 26, 0L);
    }

    @Test
    void keysetDescendingStartsAtTheCursorAndBreaksTiesByPk() {
        sql(R.select(plan(REG, "item", "sort", "-qty", "after", cursor("-qty", 5, 9))),
                "SELECT " + ITEM_COLS + " FROM \"items\" t WHERE (t.\"qty\" <= ? AND ((t.\"qty\" < ?)"
                        + " OR (t.\"qty\" = ? AND (t.\"id\" > ? OR t.\"id\" IS NULL))))"
                        + " ORDER BY t.\"qty\" DESC, t.\"id\" ASC LIMIT ? OFFSET ?", 5, 5, 5, 9L, 26, 0L);
    }

    @Test
    void keysetAfterANullFollowsPostgresNullOrder() {
        // descending: NULLs come first, so after a NULL come all non-NULL values, then NULL ties by pk
        sql(R.select(plan(REG, "item", "sort", "-qty", "after", cursor("-qty", null, 9))),
                "SELECT " + ITEM_COLS + " FROM \"items\" t WHERE (((t.\"qty\" IS NOT NULL)"
                        + " OR (t.\"qty\" IS NULL AND (t.\"id\" > ? OR t.\"id\" IS NULL))))"
                        + " ORDER BY t.\"qty\" DESC, t.\"id\" ASC LIMIT ? OFFSET ?", 9L, 26, 0L);
        // ascending: NULLs come last, so after a NULL only NULL ties by pk
        sql(R.select(plan(REG, "item", "sort", "qty", "after", cursor("qty", null, 9))),
                "SELECT " + ITEM_COLS + " FROM \"items\" t WHERE (((FALSE)"
                        + " OR (t.\"qty\" IS NULL AND (t.\"id\" > ? OR t.\"id\" IS NULL))))"
                        + " ORDER BY t.\"qty\" ASC, t.\"id\" ASC LIMIT ? OFFSET ?", 9L, 26, 0L);
    }

    @Test
    void aCursorIsOnlyValidForItsOrder() {
        String c = cursor("-qty", 5, 9);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plan(REG, "item", "sort", "qty", "after", c))
                .hasMessageContaining("another sort order");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plan(REG, "item", "after", "bm90IGpzb24"))
                .hasMessageContaining("Invalid cursor");
    }
}
