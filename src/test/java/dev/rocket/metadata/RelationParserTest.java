package dev.rocket.metadata;

import static dev.rocket.metadata.TestMetadata.entity;
import static dev.rocket.metadata.TestMetadata.field;
import static dev.rocket.metadata.TestMetadata.map;
import static dev.rocket.metadata.TestMetadata.pk;
import static dev.rocket.metadata.TestMetadata.relation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RelationParserTest {

    private static final Registry ENTITIES = TestMetadata.registry(List.of(
            TestMetadata.customer(), TestMetadata.order(), TestMetadata.orderLine(), TestMetadata.tag(),
            TestMetadata.item(),
            EntityParser.parse(entity("note", "notes", false, pk("id", "int", true),
                    field("id", "int"),
                    field("order_ref", "text"),
                    field("order_num", "bigint"),
                    field("order_id", "uuid", "required", true, "nullable", true)))),
            List.of(), List.of());

    private static Map<String, Object> lines() {
        return relation("lines", "one_to_many", "order", "order_line", "source_key", "id", "target_key", "order_id",
                "on_delete", "cascade");
    }

    private static Map<String, Object> tags() {
        return relation("tags", "many_to_many", "order", "tag", "source_key", "id", "join_table", "order_tags",
                "source_join_key", "order_id", "target_join_key", "tag_code");
    }

    private static void invalid(Map<String, Object> def, String field, String message) {
        assertThatThrownBy(() -> RelationParser.parse(def, ENTITIES))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.code().status()).isEqualTo(422);
                    Map<String, Object> expected = field == null ? map("message", message)
                            : map("field", field, "message", message);
                    assertThat(e.details()).contains(expected);
                });
    }

    // ---- valid -----------------------------------------------------------------------------------

    @Test
    void parsesAOneToManyWithDefaults() {
        Map<String, Object> def = relation("lines", "one_to_many", "order", "order_line", "target_key", "order_id");
        RelationDef r = RelationParser.parse(def, ENTITIES);
        assertThat(r.name()).isEqualTo("lines");
        assertThat(r.type()).isEqualTo(RelationType.ONE_TO_MANY);
        assertThat(r.source()).isEqualTo("order");
        assertThat(r.target()).isEqualTo("order_line");
        assertThat(r.sourceKey()).as("defaults to the source PK").isEqualTo("id");
        assertThat(r.targetKey()).isEqualTo("order_id");
        assertThat(r.onDelete()).isEqualTo(OnDelete.RESTRICT);
        assertThat(r.eager()).isFalse();
        assertThat(r.writeMode()).isEqualTo(WriteMode.DIFF);
        assertThat(r.ownership()).isEqualTo("none");
        assertThat(r.isManyToMany()).isFalse();
        assertThat(r.forwardIsList()).isTrue();
        assertThat(r.definition()).isEqualTo(def);
    }

    @Test
    void parsesExplicitOptions() {
        Map<String, Object> def = lines();
        def.put("fetch", "eager");
        def.put("write_mode", "replace");
        def.put("ownership", "source");
        RelationDef r = RelationParser.parse(def, ENTITIES);
        assertThat(r.eager()).isTrue();
        assertThat(r.writeMode()).isEqualTo(WriteMode.REPLACE);
        assertThat(r.ownership()).isEqualTo("source");
        assertThat(r.onDelete()).isEqualTo(OnDelete.CASCADE);
    }

    @Test
    void parsesAManyToManyWithDetachByDefault() {
        RelationDef r = RelationParser.parse(tags(), ENTITIES);
        assertThat(r.type()).isEqualTo(RelationType.MANY_TO_MANY);
        assertThat(r.joinTable()).isEqualTo("order_tags");
        assertThat(r.sourceJoinKey()).isEqualTo("order_id");
        assertThat(r.targetJoinKey()).isEqualTo("tag_code");
        assertThat(r.onDelete()).isEqualTo(OnDelete.DETACH);
        assertThat(r.targetKey()).isNull();
        assertThat(r.isManyToMany()).isTrue();
    }

    @Test
    void oneToOneIsNotAList() {
        RelationDef r = RelationParser.parse(relation("profile", "one_to_one", "customer", "order",
                "target_key", "customer_id", "on_delete", "set_null"), ENTITIES);
        assertThat(r.forwardIsList()).isFalse();
    }

    @Test
    void compatibleKeyTypes() {
        // text target key can hold a string source key, bigint can hold int
        RelationParser.parse(relation("tag_notes", "one_to_many", "tag", "note", "target_key", "order_ref"), ENTITIES);
        RelationParser.parse(relation("line_notes", "one_to_many", "order_line", "note", "target_key", "order_num"),
                ENTITIES);
        assertThat(RelationParser.compatible(FieldType.INT, FieldType.BIGINT)).isTrue();
        assertThat(RelationParser.compatible(FieldType.STRING, FieldType.TEXT)).isTrue();
        assertThat(RelationParser.compatible(FieldType.UUID, FieldType.STRING)).isFalse();
        assertThat(RelationParser.compatible(FieldType.INT, FieldType.DECIMAL)).isFalse();
    }

    @Test
    void setNullIsAllowedOnARequiredButNullableKey() {
        RelationDef r = RelationParser.parse(relation("notes", "one_to_many", "order", "note", "target_key", "order_id",
                "on_delete", "set_null"), ENTITIES);
        assertThat(r.onDelete()).isEqualTo(OnDelete.SET_NULL);
    }

    // ---- problems --------------------------------------------------------------------------------

    @Test
    void nameIsRequiredAndMustBeAnIdentifier() {
        Map<String, Object> def = lines();
        def.remove("name");
        invalid(def, "name", "relation name is required");
        def.put("name", "Lines");
        invalid(def, "name", "relation name must match ^[a-z][a-z0-9_]*$ and be at most 63 characters");
    }

    @Test
    void typeMustBeKnown() {
        Map<String, Object> def = lines();
        def.put("type", "many_to_one");
        invalid(def, "type", "invalid relation type: many_to_one (allowed: one_to_one, one_to_many, many_to_many)");
    }

    @Test
    void sourceAndTargetAreRequired() {
        Map<String, Object> def = lines();
        def.remove("source");
        invalid(def, null, "source and target are required");
        Map<String, Object> t = lines();
        t.put("target", "");
        invalid(t, null, "source and target are required");
    }

    @Test
    void sourceAndTargetMustExist() {
        Map<String, Object> def = lines();
        def.put("source", "invoice");
        invalid(def, "source", "source entity not found: invoice");
        Map<String, Object> t = lines();
        t.put("target", "line");
        invalid(t, "target", "target entity not found: line");
    }

    @Test
    void sourceKeyMustBeAFieldOfTheSource() {
        Map<String, Object> def = lines();
        def.put("source_key", "nope");
        invalid(def, "source_key", "source_key nope is not a field of order");
    }

    @Test
    void targetKeyIsRequiredAndMustBeOnTheTarget() {
        Map<String, Object> def = lines();
        def.remove("target_key");
        invalid(def, "target_key", "target_key is required for one_to_many relations");
        def.put("target_key", "order_uuid");
        invalid(def, "target_key", "target_key order_uuid is not a field of order_line");
    }

    @Test
    void incompatibleKeyTypesAreRefused() {
        Map<String, Object> def = lines();
        def.put("target_key", "qty");
        invalid(def, "target_key", "target_key qty (int) cannot hold source_key id (uuid)");
        Map<String, Object> text = relation("x", "one_to_one", "order", "note", "target_key", "order_ref");
        invalid(text, "target_key", "target_key order_ref (text) cannot hold source_key id (uuid)");
    }

    @Test
    void manyToManyNeedsAValidJoinTable() {
        Map<String, Object> def = tags();
        def.remove("join_table");
        invalid(def, "join_table", "join_table is required for many_to_many relations");
        def.put("join_table", "order-tags");
        invalid(def, "join_table", "join_table must match ^[a-z][a-z0-9_]*$");
        def.put("join_table", "orders");
        invalid(def, "join_table", "join_table orders is the table of an entity");
    }

    @Test
    void manyToManyNeedsTwoDistinctJoinKeys() {
        Map<String, Object> def = tags();
        def.remove("source_join_key");
        invalid(def, "source_join_key", "source_join_key is required and must match ^[a-z][a-z0-9_]*$");
        Map<String, Object> t = tags();
        t.put("target_join_key", "Tag");
        invalid(t, "target_join_key", "target_join_key is required and must match ^[a-z][a-z0-9_]*$");
        Map<String, Object> same = tags();
        same.put("target_join_key", "order_id");
        invalid(same, "target_join_key", "source_join_key and target_join_key must differ");
    }

    @Test
    void onDeleteMustFitTheRelationType() {
        Map<String, Object> def = lines();
        def.put("on_delete", "detach");
        invalid(def, "on_delete", "on_delete of a one_to_many relation must be cascade, set_null or restrict (got detach)");
        def.put("on_delete", "explode");
        invalid(def, "on_delete", "on_delete of a one_to_many relation must be cascade, set_null or restrict (got explode)");
        Map<String, Object> m2m = tags();
        m2m.put("on_delete", "set_null");
        invalid(m2m, "on_delete", "on_delete of a many_to_many relation must be cascade, detach or restrict (got set_null)");
    }

    @Test
    void setNullNeedsANullableForeignKey() {
        Map<String, Object> def = lines();
        def.put("on_delete", "set_null");
        invalid(def, "on_delete", "on_delete set_null needs a nullable target_key; order_id is required");
    }

    @Test
    void fetchAndWriteModeAreChecked() {
        Map<String, Object> def = lines();
        def.put("fetch", "always");
        invalid(def, "fetch", "fetch must be lazy or eager (got always)");
        Map<String, Object> w = lines();
        w.put("write_mode", "merge");
        invalid(w, "write_mode", "write_mode must be diff, replace or append (got merge)");
        Map<String, Object> o = lines();
        o.put("ownership", 3);
        invalid(o, "ownership", "ownership must be a string");
    }
}
