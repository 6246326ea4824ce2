package dev.rocket.write;

import static dev.rocket.metadata.TestMetadata.entity;
import static dev.rocket.metadata.TestMetadata.field;
import static dev.rocket.metadata.TestMetadata.list;
import static dev.rocket.metadata.TestMetadata.map;
import static dev.rocket.metadata.TestMetadata.pk;
import static dev.rocket.metadata.TestMetadata.relation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.EntityParser;
import dev.rocket.metadata.Registry;
import dev.rocket.metadata.TestMetadata;
import dev.rocket.metadata.WriteMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Payload validation and nested-write planning (SPEC §3.3 semantics, §6.1 steps 5–6, §6.2–§6.4). */
class WritePlannerTest {
    private static final Registry REG;
    private static final UUID ID = UUID.fromString("3f0c2a8e-1b2c-4d5e-8f90-0123456789ab");

    static {
        List<EntityDef> entities = new ArrayList<>(TestMetadata.shopEntities());
        entities.add(EntityParser.parse(entity("ticket", "tickets", false, pk("id", "int", true),
                field("id", "int"),
                field("title", "string", "required", true),
                field("priority", "string", "required", true, "default", "low", "enum", List.of("low", "high")),
                field("qty", "int"),
                field("done", "boolean"),
                field("code", "string", "required", true, "nullable", true),
                field("created_at", "timestamp", "auto", "create"),
                field("updated_at", "timestamp", "auto", "update"))));
        entities.add(EntityParser.parse(entity("doc", "docs", true, pk("id", "int", true),
                field("id", "int"), field("title", "string"), field("deleted_at", "timestamp"))));
        entities.add(EntityParser.parse(entity("node", "nodes", false, pk("id", "int", true),
                field("id", "int"), field("parent_id", "int"), field("name", "string", "required", true))));
        List<Map<String, Object>> relations = new ArrayList<>(TestMetadata.shopRelations());
        relations.add(relation("children", "one_to_many", "node", "node", "target_key", "parent_id",
                "on_delete", "cascade"));
        REG = TestMetadata.registry(entities, relations, List.of());
    }

    private static final EntityDef ORDER = REG.entity("order");
    private static final EntityDef TICKET = REG.entity("ticket");
    private static final EntityDef TAG = REG.entity("tag");

    private static RowPlan create(String entity, Map<String, Object> body) {
        return new WritePlanner(REG).planCreate(REG.entity(entity), body);
    }

    private static RowPlan update(String entity, Object pk, Map<String, Object> body) {
        return new WritePlanner(REG).planUpdate(REG.entity(entity), pk, body);
    }

    /** A 422 VALIDATION_FAILED "Validation failed" whose details are exactly these. */
    @SafeVarargs
    private static void problems(ThrowingCallable call, Map<String, Object>... details) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
            assertThat(e.getMessage()).isEqualTo("Validation failed");
            assertThat(e.details()).containsExactly(details);
        });
    }

    private static Map<String, Object> d(String field, String rule, String message) {
        return map("field", field, "rule", rule, "message", message);
    }

    private static Map<String, Object> nd(String relation, Integer index, String field, String rule, String message) {
        Map<String, Object> m = map("relation", relation);
        if (index != null) {
            m.put("index", index);
        }
        if (field != null) {
            m.put("field", field);
        }
        m.put("rule", rule);
        m.put("message", message);
        return m;
    }

    private static Map<String, Object> data(Object... rows) {
        return map("data", list(rows));
    }

    // ---- create ----------------------------------------------------------------------------------

    @Test
    void createCoercesValuesByType() {
        RowPlan p = create("order", map("ref", "A-1", "state", "held", "qty", "3",
                "customer_id", "3F0C2A8E-1B2C-4D5E-8F90-0123456789AB"));
        assertThat(p.entity()).isSameAs(ORDER);
        assertThat(p.values()).containsExactly(Map.entry("ref", "A-1"), Map.entry("state", "held"),
                Map.entry("qty", 3), Map.entry("customer_id", ID));
        assertThat(p.pk()).isNull();
        assertThat(p.delete()).isFalse();
        assertThat(p.nested()).isEmpty();
        assertThat(p.index()).isEqualTo(-1);
    }

    @Test
    void requiredFieldMissingOnCreate() {
        // priority is required but has a default; code is required but nullable
        problems(() -> create("ticket", map()), d("title", "required", "title is required"));
    }

    @Test
    void requiredFieldNullOrEmptyOnCreate() {
        problems(() -> create("ticket", map("title", null)), d("title", "required", "title is required"));
        problems(() -> create("ticket", map("title", "")), d("title", "required", "title is required"));
    }

    @Test
    void aDefaultSatisfiesOnlyAnAbsentValue() {
        assertThat(create("ticket", map("title", "t")).values()).containsExactly(Map.entry("title", "t"));
        problems(() -> create("ticket", map("title", "t", "priority", null)),
                d("priority", "required", "priority is required"));
    }

    @Test
    void nullableRequiredFieldAcceptsNull() {
        assertThat(create("ticket", map("title", "t", "code", null)).values())
                .containsExactlyEntriesOf(map("title", "t", "code", null));
    }

    @Test
    void enumIsChecked() {
        problems(() -> create("ticket", map("title", "t", "priority", "urgent")),
                d("priority", "enum", "priority must be one of: low, high"));
    }

    @Test
    void typeErrorsAreReportedOncePerField() {
        problems(() -> create("ticket", map("title", 5)), d("title", "type", "title must be a string"));
        problems(() -> create("ticket", map("title", "t", "qty", "abc", "done", "true")),
                d("qty", "type", "qty must be an integer"), d("done", "type", "done must be a boolean"));
        problems(() -> create("ticket", map("title", List.of("a"))), d("title", "type", "title must be a string"));
    }

    @Test
    void unknownKeysAreReported() {
        problems(() -> create("ticket", map("title", "t", "bogus", 1)),
                d("bogus", "unknown", "Unknown field or relation: bogus"));
        problems(() -> create("ticket", map("title", "t", "_delete", true)),
                d("_delete", "unknown", "Unknown field or relation: _delete"));
    }

    @Test
    void allProblemsComeInOneResponse() {
        problems(() -> create("ticket", map("qty", "x", "bogus", 1, "priority", "urgent")),
                d("qty", "type", "qty must be an integer"),
                d("bogus", "unknown", "Unknown field or relation: bogus"),
                d("priority", "enum", "priority must be one of: low, high"),
                d("title", "required", "title is required"));
    }

    @Test
    void autoFieldsAndGeneratedPkAreIgnoredSilently() {
        RowPlan p = create("ticket", map("id", 99, "title", "t", "created_at", "garbage", "updated_at", 5));
        assertThat(p.values()).containsExactly(Map.entry("title", "t"));
        assertThat(p.pk()).isNull();
    }

    @Test
    void declaredDeletedAtIsIgnored() {
        assertThat(create("doc", map("title", "x", "deleted_at", "garbage")).values())
                .containsExactly(Map.entry("title", "x"));
        assertThat(update("doc", 1, map("deleted_at", null)).values()).isEmpty();
    }

    @Test
    void implicitDeletedAtIsIgnored() {
        assertThat(create("order", map("ref", "A", "deleted_at", null)).values()).containsExactly(Map.entry("ref", "A"));
        assertThat(update("order", ID, map("deleted_at", "2024-01-01T00:00:00Z")).values()).isEmpty();
    }

    @Test
    void clientSuppliedPkIsRequiredAndKeptOnCreate() {
        problems(() -> create("tag", map("label", "x")), d("code", "required", "code is required"));
        problems(() -> create("tag", map("code", "")), d("code", "required", "code is required"));
        assertThat(create("tag", map("code", "red", "label", "Red")).values())
                .containsExactly(Map.entry("code", "red"), Map.entry("label", "Red"));
    }

    // ---- update ----------------------------------------------------------------------------------

    @Test
    void emptyUpdateIsValid() {
        RowPlan p = update("ticket", 7, map());
        assertThat(p.values()).isEmpty();
        assertThat(p.pk()).isEqualTo(7);
        assertThat(p.nested()).isEmpty();
    }

    @Test
    void updateDoesNotRequireAbsentFieldsButRefusesExplicitNullOrEmpty() {
        assertThat(update("ticket", 7, map("qty", 2)).values()).containsExactly(Map.entry("qty", 2));
        problems(() -> update("ticket", 7, map("title", null)), d("title", "required", "title is required"));
        problems(() -> update("ticket", 7, map("title", "")), d("title", "required", "title is required"));
        problems(() -> update("ticket", 7, map("priority", null)), d("priority", "required", "priority is required"));
    }

    @Test
    void explicitNullOfAnOptionalFieldIsWritten() {
        assertThat(update("ticket", 7, map("qty", null, "code", null)).values())
                .containsExactlyEntriesOf(map("qty", null, "code", null));
    }

    @Test
    void updateChecksEnumTypeAndUnknownKeys() {
        problems(() -> update("ticket", 7, map("priority", "urgent", "qty", 1.5, "x", 1)),
                d("priority", "enum", "priority must be one of: low, high"),
                d("qty", "type", "qty must be an integer"),
                d("x", "unknown", "Unknown field or relation: x"));
    }

    @Test
    void thePkCannotBeChangedByAnUpdate() {
        assertThat(update("tag", "red", map("code", "blue", "label", "x")).values())
                .containsExactly(Map.entry("label", "x"));
    }

    // ---- nested payloads -------------------------------------------------------------------------

    @Test
    void nestedRowsArePlannedUnderTheirRelation() {
        RowPlan p = create("order", map("ref", "A", "lines", data(map("sku", "X", "qty", 2))));
        assertThat(p.values()).containsExactly(Map.entry("ref", "A"));
        assertThat(p.nested()).hasSize(1);
        RowPlan.NestedPlan n = p.nested().get(0);
        assertThat(n.relation()).isEqualTo(REG.relation("lines"));
        assertThat(n.mode()).isEqualTo(WriteMode.DIFF);
        assertThat(n.rows()).containsExactly(new RowPlan(REG.entity("order_line"), map("sku", "X", "qty", 2), null,
                false, List.of(), 0));
    }

    @Test
    void modeDefaultsToTheRelationsWriteModeAndCanBeOverridden() {
        assertThat(create("order", map("ref", "A", "tags", data())).nested().get(0).mode()).isEqualTo(WriteMode.APPEND);
        assertThat(create("order", map("ref", "A", "tags", map("_write_mode", "diff", "data", list())))
                .nested().get(0).mode()).isEqualTo(WriteMode.DIFF);
        assertThat(create("order", map("ref", "A", "lines", map("_write_mode", "replace", "data", list())))
                .nested().get(0).mode()).isEqualTo(WriteMode.REPLACE);
    }

    @Test
    void unknownWriteModeIsRefused() {
        problems(() -> create("order", map("ref", "A", "lines", map("_write_mode", "merge", "data", list()))),
                nd("lines", null, "_write_mode", "write_mode", "Unknown write mode: merge (allowed: diff, replace, append)"));
        problems(() -> create("order", map("ref", "A", "lines", map("_write_mode", 5, "data", list()))),
                nd("lines", null, "_write_mode", "write_mode", "Unknown write mode: 5 (allowed: diff, replace, append)"));
    }

    @Test
    void unknownKeysInsideTheNestedObjectAreRefused() {
        problems(() -> create("order", map("ref", "A", "lines", map("data", list(), "mode", "diff"))),
                nd("lines", null, "mode", "unknown", "Unknown key in nested write: mode"));
    }

    @Test
    void relationValueMustBeAnObjectWithADataArray() {
        String shape = "lines is a relation: a nested write is an object {\"data\": [rows…]} with an optional "
                + "\"_write_mode\" (diff, replace, append), not ";
        problems(() -> create("order", map("ref", "A", "lines", list(map("sku", "X")))),
                d("lines", "unknown", shape + "an array"));
        problems(() -> create("order", map("ref", "A", "lines", map("data", "x"))),
                d("lines", "unknown", shape + "this value"));
        problems(() -> create("order", map("ref", "A", "lines", map())),
                d("lines", "unknown", shape + "this value"));
        problems(() -> create("order", map("ref", "A", "no_such_thing", list())),
                d("no_such_thing", "unknown", "Unknown field or relation: no_such_thing"));
    }

    @Test
    void dataItemsMustBeObjects() {
        problems(() -> create("order", map("ref", "A", "lines", data(map("sku", "X", "qty", 1), "x", 5))),
                nd("lines", 1, null, "type", "Each item of lines.data must be an object"),
                nd("lines", 2, null, "type", "Each item of lines.data must be an object"));
    }

    @Test
    void childProblemsCarryRelationIndexAndField() {
        problems(() -> create("order", map("ref", "A", "lines", data(map("sku", "X", "qty", 1), map("qty", "x")))),
                nd("lines", 1, "qty", "type", "qty must be an integer"),
                nd("lines", 1, "sku", "required", "sku is required"));
    }

    @Test
    void parentAndChildProblemsAreReportedTogether() {
        problems(() -> create("order", map("lines", data(map("sku", "X")))),
                nd("lines", 0, "qty", "required", "qty is required"),
                d("ref", "required", "ref is required"));
    }

    @Test
    void theChildForeignKeyIsExemptFromRequiredAndStripped() {
        RowPlan p = create("order", map("ref", "A", "lines",
                data(map("sku", "X", "qty", 1, "order_id", "not even a uuid"))));
        assertThat(p.nested().get(0).rows().get(0).values()).containsExactly(Map.entry("sku", "X"), Map.entry("qty", 1));
    }

    @Test
    void childRowsWithAPkAreUpdatesOrDeletes() {
        RowPlan p = create("order", map("ref", "A", "lines",
                data(map("id", 5, "qty", 3), map("id", "6", "_delete", true), map("id", 7, "_delete", false))));
        EntityDef line = REG.entity("order_line");
        assertThat(p.nested().get(0).rows()).containsExactly(
                new RowPlan(line, map("qty", 3), 5, false, List.of(), 0),
                new RowPlan(line, map(), 6, true, List.of(), 1),
                new RowPlan(line, map(), 7, false, List.of(), 2));
    }

    @Test
    void childUpdatesStillRefuseExplicitEmptyRequiredValues() {
        problems(() -> update("order", ID, map("lines", data(map("id", 5, "sku", "")))),
                nd("lines", 0, "sku", "required", "sku is required"));
    }

    @Test
    void badChildPkAndDeleteFlag() {
        problems(() -> create("order", map("ref", "A", "lines", data(map("id", "abc"), map("id", 2, "_delete", "yes")))),
                nd("lines", 0, "id", "type", "id must be an integer"),
                nd("lines", 1, "_delete", "type", "_delete must be a boolean"));
    }

    @Test
    void manyToManyRowsKeepOnlyTheTargetIds() {
        RowPlan p = create("order", map("ref", "A", "tags", data(
                map("code", "red", "label", "ignored", "bogus", 1),
                map("id", "blue"),
                map("label", "no id: skipped"),
                map("code", "gone", "_delete", true))));
        assertThat(p.nested().get(0).rows()).containsExactly(
                new RowPlan(TAG, Map.of(), "red", false, List.of(), 0),
                new RowPlan(TAG, Map.of(), "blue", false, List.of(), 1),
                new RowPlan(TAG, Map.of(), "gone", true, List.of(), 3));
    }

    @Test
    void manyToManyDeleteFlagMustBeBoolean() {
        problems(() -> create("order", map("ref", "A", "tags", data(map("code", "red", "_delete", 1)))),
                nd("tags", 0, "_delete", "type", "_delete must be a boolean"));
    }

    @Test
    void oneToOneAcceptsAtMostOneLiveRow() {
        problems(() -> create("customer", map("name", "Ann", "profile", data(map("bio", "a"), map("bio", "b")))),
                nd("profile", null, null, "one_to_one", "profile is one_to_one: at most one row may be written"));
        RowPlan ok = create("customer", map("name", "Ann", "profile",
                data(map("bio", "a"), map("id", ID.toString(), "_delete", true))));
        assertThat(ok.nested().get(0).rows()).hasSize(2);
    }

    @Test
    void onlyRelationsWhoseSourceIsTheEntityAreWritable() {
        problems(() -> create("order", map("ref", "A", "customer_orders", data())),
                d("customer_orders", "unknown", "customer_orders is the relation customer_orders from customer to order:"
                        + " nested writes go from its source (customer); here set the field customer_id instead"));
    }

    @Test
    void nestedWritesResolveTheRelationByTheTargetEntityName() {
        RowPlan p = create("order", map("ref", "A", "order_line", data(map("sku", "X", "qty", 1))));
        assertThat(p.nested()).extracting(n -> n.relation().name()).containsExactly("lines");
    }

    // ---- depth -----------------------------------------------------------------------------------

    /** A node with {@code levels} nested generations of children, one child each. */
    private static Map<String, Object> tree(int levels) {
        Map<String, Object> top = map("name", "n0");
        Map<String, Object> current = top;
        for (int i = 1; i <= levels; i++) {
            Map<String, Object> child = map("name", "n" + i);
            current.put("children", data(child));
            current = child;
        }
        return top;
    }

    @Test
    void eightNestedLevelsAreAccepted() {
        RowPlan p = create("node", tree(8));
        int depth = 0;
        for (RowPlan r = p; !r.nested().isEmpty(); r = r.nested().get(0).rows().get(0)) {
            depth++;
            assertThat(r.nested().get(0).rows().get(0).values()).containsExactly(Map.entry("name", "n" + depth));
        }
        assertThat(depth).isEqualTo(8);
    }

    @Test
    void aNinthNestedLevelIsRefused() {
        problems(() -> create("node", tree(9)),
                nd("children", 0, "children", "depth", "nested writes are limited to 8 levels"));
    }

    @Test
    void deepChildProblemsNameTheirOwnRelationAndIndex() {
        Map<String, Object> body = map("name", "root", "children", data(map("name", "a"),
                map("name", "b", "children", data(map("name", "c"), map("name", 7)))));
        problems(() -> create("node", body), nd("children", 1, "name", "type", "name must be a string"));
    }
}
