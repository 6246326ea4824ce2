package dev.rocket.metadata;

import static dev.rocket.metadata.TestMetadata.entity;
import static dev.rocket.metadata.TestMetadata.field;
import static dev.rocket.metadata.TestMetadata.map;
import static dev.rocket.metadata.TestMetadata.pk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntityParserTest {

    /** A valid base definition to break one property at a time. */
    private static Map<String, Object> valid() {
        return entity("order", "orders", null, pk("id", "uuid", true),
                field("id", "uuid", "required", true),
                field("ref", "string", "required", true, "unique", true),
                field("state", "string", "default", "open", "enum", List.of("open", "done")),
                field("total", "decimal", "precision", 2),
                field("created_at", "timestamp", "auto", "create"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> fields(Map<String, Object> def) {
        return (List<Map<String, Object>>) def.get("fields");
    }

    /** Asserts a 422 whose details contain exactly this field + message (field may be null). */
    static void invalid(Map<String, Object> def, String field, String message) {
        assertThatThrownBy(() -> EntityParser.parse(def))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.code().status()).isEqualTo(422);
                    Map<String, Object> expected = field == null ? map("message", message)
                            : map("field", field, "message", message);
                    assertThat(e.details()).contains(expected);
                });
    }

    // ---- valid definitions -----------------------------------------------------------------------

    @Test
    void aCreationTimeFieldIsIndexedUnlessItSaysOtherwise() {
        Map<String, Object> def = valid();
        fields(def).add(field("changed_at", "timestamp", "auto", "update"));
        fields(def).add(field("seen_at", "timestamp", "auto", "create", "index", false));
        EntityDef e = EntityParser.parse(def);
        assertThat(e.fields()).filteredOn(FieldDef::indexed).extracting(FieldDef::name)
                .as("created_at (auto create) is indexed by default; changed_at (auto update), seen_at"
                        + " (index: false) and total (no auto) are not")
                .containsExactly("created_at");
    }

    @Test
    void parsesAValidDefinition() {
        Map<String, Object> def = valid();
        EntityDef e = EntityParser.parse(def);
        assertThat(e.name()).isEqualTo("order");
        assertThat(e.table()).isEqualTo("orders");
        assertThat(e.softDelete()).as("soft_delete defaults to true [G-04]").isTrue();
        assertThat(e.pkField()).isEqualTo("id");
        assertThat(e.pkType()).isEqualTo(FieldType.UUID);
        assertThat(e.pkGenerated()).isTrue();
        assertThat(e.fields()).extracting(FieldDef::name).containsExactly("id", "ref", "state", "total", "created_at");
        assertThat(e.quotedTable()).isEqualTo("\"orders\"");
        assertThat(e.selectList())
                .isEqualTo("t.\"id\", t.\"ref\", t.\"state\", t.\"total\", t.\"created_at\", t.\"deleted_at\"");
        assertThat(e.definition()).isEqualTo(def);

        FieldDef ref = e.field("ref");
        assertThat(ref.required()).isTrue();
        assertThat(ref.unique()).isTrue();
        assertThat(ref.nullable()).isFalse();
        assertThat(ref.notNull()).isTrue();
        assertThat(ref.quoted()).isEqualTo("\"ref\"");
        FieldDef state = e.field("state");
        assertThat(state.defaultValue()).isEqualTo("open");
        assertThat(state.enumValues()).containsExactly("open", "done");
        assertThat(state.required()).isFalse();
        assertThat(e.field("total").precision()).isEqualTo(2);
        assertThat(e.field("total").sqlType()).isEqualTo("NUMERIC(18,2)");
        assertThat(e.field("created_at").auto()).isEqualTo("create");
        assertThat(e.field("created_at").isAuto()).isTrue();
    }

    @Test
    void softDeleteFalseAndNullAreHonoured() {
        Map<String, Object> def = valid();
        def.put("soft_delete", false);
        EntityDef hard = EntityParser.parse(def);
        assertThat(hard.softDelete()).isFalse();
        assertThat(hard.selectList()).doesNotContain("deleted_at");
        assertThat(hard.liveCondition("t")).isEmpty();

        def.put("soft_delete", null);
        assertThat(EntityParser.parse(def).softDelete()).isTrue();
    }

    @Test
    void declaredDeletedAtIsNotSelectedTwice() {
        EntityDef e = EntityParser.parse(entity("doc", "docs", true, pk("id", "int", true),
                field("id", "int"), field("deleted_at", "timestamp")));
        assertThat(e.selectList()).isEqualTo("t.\"id\", t.\"deleted_at\"");
        assertThat(e.liveCondition("r")).isEqualTo("r.\"deleted_at\" IS NULL");
    }

    @Test
    void integerIsAnAliasForInt() {
        EntityDef e = EntityParser.parse(entity("thing", "things", false, pk("id", "integer", true),
                field("id", "integer"), field("n", "INTEGER")));
        assertThat(e.field("id").type()).isEqualTo(FieldType.INT);
        assertThat(e.field("n").type()).isEqualTo(FieldType.INT);
        assertThat(e.pkType()).isEqualTo(FieldType.INT);
    }

    @Test
    void primaryKeyTypeDefaultsToTheFieldTypeAndGeneratedToFalse() {
        Map<String, Object> def = entity("tag", "tags", false, map("field", "code"), field("code", "string"));
        EntityDef e = EntityParser.parse(def);
        assertThat(e.pkType()).isEqualTo(FieldType.STRING);
        assertThat(e.pkGenerated()).isFalse();
    }

    @Test
    void everyTypeIsAccepted() {
        EntityDef e = EntityParser.parse(entity("all", "alls", false, pk("id", "bigint", true),
                field("id", "bigint"), field("a", "string"), field("b", "text"), field("c", "int"),
                field("d", "decimal"), field("e", "boolean"), field("f", "uuid"), field("g", "timestamp"),
                field("h", "date"), field("i", "json"), field("j", "file")));
        assertThat(e.fields()).extracting(FieldDef::sqlType).containsExactly("BIGINT", "TEXT", "TEXT", "INTEGER",
                "NUMERIC", "BOOLEAN", "UUID", "TIMESTAMPTZ", "DATE", "JSONB", "JSONB");
    }

    @Test
    void defaultsOfEveryKindThatMatchTheirType() {
        EntityDef e = EntityParser.parse(entity("d", "ds", false, pk("id", "int", true),
                field("id", "int"),
                field("n", "int", "default", "5"),
                field("b", "boolean", "default", false),
                field("p", "decimal", "precision", 2, "default", 1.25),
                field("j", "json", "default", map("a", 1))));
        assertThat(e.field("n").defaultValue()).as("kept as submitted").isEqualTo("5");
        assertThat(e.field("b").defaultValue()).isEqualTo(false);
    }

    // ---- entity-level problems -------------------------------------------------------------------

    @Test
    void nameIsRequired() {
        Map<String, Object> def = valid();
        def.remove("name");
        invalid(def, "name", "entity name is required");
        def.put("name", "");
        invalid(def, "name", "entity name is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Order", "1order", "or-der", "or der", "_x", "_admin",
            "a123456789012345678901234567890123456789012345678901234567890123"})
    void badEntityNamesAreRefused(String name) {
        Map<String, Object> def = valid();
        def.put("name", name);
        invalid(def, "name", "entity name must match ^[a-z][a-z0-9_]*$ and be at most 63 characters");
    }

    @Test
    void sixtyThreeCharacterNameIsAccepted() {
        Map<String, Object> def = valid();
        String name = "a12345678901234567890123456789012345678901234567890123456789012";
        assertThat(name).hasSize(63);
        def.put("name", name);
        assertThat(EntityParser.parse(def).name()).isEqualTo(name);
    }

    @Test
    void authIsReserved() {
        Map<String, Object> def = valid();
        def.put("name", "auth");
        invalid(def, "name", "entity name is reserved: auth");
    }

    @Test
    void tableIsRequiredAndMustBeAnIdentifier() {
        Map<String, Object> def = valid();
        def.remove("table");
        invalid(def, "table", "table name is required");
        def.put("table", "Orders; DROP TABLE x");
        invalid(def, "table", "table name must match ^[a-z][a-z0-9_]*$ and be at most 63 characters");
    }

    @Test
    void softDeleteMustBeABoolean() {
        Map<String, Object> def = valid();
        def.put("soft_delete", "yes");
        invalid(def, "soft_delete", "soft_delete must be a boolean");
    }

    @Test
    void fieldsMustBeANonEmptyList() {
        Map<String, Object> def = valid();
        def.put("fields", List.of());
        invalid(def, "fields", "entity must have at least one field");
        def.remove("fields");
        invalid(def, "fields", "entity must have at least one field");
        def.put("fields", "id");
        invalid(def, "fields", "entity must have at least one field");
    }

    @Test
    void allProblemsAreReportedAndTheFirstIsTheMessage() {
        Map<String, Object> def = valid();
        def.put("name", "Bad");
        def.remove("table");
        assertThatThrownBy(() -> EntityParser.parse(def))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("entity name must match ^[a-z][a-z0-9_]*$ and be at most 63 characters");
                    assertThat(e.details()).containsExactly(
                            map("field", "name", "message", "entity name must match ^[a-z][a-z0-9_]*$ and be at most 63 characters"),
                            map("field", "table", "message", "table name is required"));
                });
    }

    // ---- primary key -----------------------------------------------------------------------------

    @Test
    void primaryKeyIsRequired() {
        Map<String, Object> def = valid();
        def.remove("primary_key");
        invalid(def, "primary_key", "primary key field is required: \"primary_key\": {\"field\": \"id\", \"type\": \"uuid\", \"generated\": true} (or just \"primary_key\": \"id\")");
        def.put("primary_key", map("type", "uuid"));
        invalid(def, "primary_key", "primary key field is required: \"primary_key\": {\"field\": \"id\", \"type\": \"uuid\", \"generated\": true} (or just \"primary_key\": \"id\")");
    }

    @Test
    void primaryKeyFieldMustBeAField() {
        Map<String, Object> def = valid();
        def.put("primary_key", pk("uid", "uuid", true));
        invalid(def, "primary_key", "primary key field uid not found in fields");
    }

    @Test
    void primaryKeyTypeMustMatchTheField() {
        Map<String, Object> def = valid();
        def.put("primary_key", pk("id", "int", true));
        invalid(def, "primary_key", "primary key type int does not match field type uuid");
    }

    @Test
    void primaryKeyTypeMustBeAKeyType() {
        Map<String, Object> def = entity("x", "xs", false, pk("d", "date", false), field("d", "date"));
        invalid(def, "primary_key.type", "primary key type must be uuid, int, bigint or string");
        Map<String, Object> bogus = valid();
        bogus.put("primary_key", pk("id", "serial", true));
        invalid(bogus, "primary_key.type", "primary key type must be uuid, int, bigint or string");
    }

    @Test
    void aStringPrimaryKeyCannotBeGenerated() {
        Map<String, Object> def = entity("tag", "tags", false, pk("code", "string", true), field("code", "string"));
        invalid(def, "primary_key", "a string primary key cannot be generated");
    }

    @Test
    void generatedMustBeABoolean() {
        Map<String, Object> def = valid();
        def.put("primary_key", map("field", "id", "type", "uuid", "generated", "true"));
        invalid(def, "primary_key", "primary_key.generated must be a boolean");
    }

    @Test
    void compositeKeysAreRefused() {
        Map<String, Object> def = valid();
        def.put("primary_key", map("field", "id", "fields", List.of("id", "ref")));
        invalid(def, "primary_key", "composite primary keys are not supported");
    }

    // ---- fields ----------------------------------------------------------------------------------

    @Test
    void unknownTypeIsRefused() {
        Map<String, Object> def = valid();
        fields(def).add(field("amount", "money"));
        invalid(def, "fields[5].type", "fields[5].type: unknown field type for amount: money (allowed: string, text, int, bigint, decimal, boolean, uuid, timestamp, date, json, file)");
        Map<String, Object> noType = valid();
        fields(noType).add(map("name", "amount"));
        invalid(noType, "fields[5].type", "fields[5].type: unknown field type for amount: null (allowed: string, text, int, bigint, decimal, boolean, uuid, timestamp, date, json, file)");
    }

    @Test
    void badFieldNamesAreRefused() {
        Map<String, Object> def = valid();
        fields(def).add(field("Total", "int"));
        invalid(def, "fields[5].name", "fields[5].name: field name must match ^[a-z][a-z0-9_]*$ and be at most 63 characters: Total");
        Map<String, Object> unnamed = valid();
        fields(unnamed).add(map("type", "int"));
        invalid(unnamed, "fields[5].name", "fields[5].name: field name must match ^[a-z][a-z0-9_]*$ and be at most 63 characters: null");
    }

    @Test
    void fieldMustBeAnObject() {
        Map<String, Object> def = valid();
        @SuppressWarnings("unchecked")
        List<Object> raw = (List<Object>) def.get("fields");
        raw.add(0, "id");
        invalid(def, "fields[0]", "fields[0] must be an object");
    }

    @Test
    void duplicateFieldsAreRefused() {
        Map<String, Object> def = valid();
        fields(def).add(field("ref", "text"));
        invalid(def, "fields[5].name", "fields[5].name: duplicate field: ref");
    }

    @Test
    void flagsMustBeBooleans() {
        Map<String, Object> def = valid();
        fields(def).add(field("qty", "int", "required", "yes"));
        invalid(def, "fields[5].required", "fields[5].required: required of qty must be a boolean");
        Map<String, Object> u = valid();
        fields(u).add(field("qty", "int", "unique", 1));
        invalid(u, "fields[5].unique", "fields[5].unique: unique of qty must be a boolean");
    }

    @Test
    void defaultMustMatchTheType() {
        Map<String, Object> def = valid();
        fields(def).add(field("qty", "int", "default", "abc"));
        invalid(def, "fields[5].default", "fields[5].default: default of qty does not match its type int");
        Map<String, Object> b = valid();
        fields(b).add(field("paid", "boolean", "default", "true"));
        invalid(b, "fields[5].default", "fields[5].default: default of paid does not match its type boolean");
        Map<String, Object> big = valid();
        fields(big).add(field("n", "int", "default", 2147483648L));
        invalid(big, "fields[5].default", "fields[5].default: default of n does not match its type int");
        Map<String, Object> s = valid();
        fields(s).add(field("s", "string", "default", 5));
        invalid(s, "fields[5].default", "fields[5].default: default of s does not match its type string");
    }

    @Test
    void defaultMustBeOneOfTheEnumValues() {
        Map<String, Object> def = valid();
        fields(def).set(2, field("state", "string", "default", "closed", "enum", List.of("open", "done")));
        invalid(def, "fields[2].default", "fields[2].default: default of state must be one of its enum values (open, done)");
    }

    @Test
    void enumMustBeANonEmptyStringList() {
        Map<String, Object> def = valid();
        fields(def).set(2, field("state", "string", "enum", List.of()));
        invalid(def, "fields[2].enum", "fields[2].enum: enum of state must be a non-empty array of strings");
        fields(def).set(2, field("state", "string", "enum", List.of("a", 1)));
        invalid(def, "fields[2].enum", "fields[2].enum: enum of state must be a non-empty array of strings");
    }

    @Test
    void autoOnlyOnTimestampsAndOnlyCreateOrUpdate() {
        Map<String, Object> def = valid();
        fields(def).add(field("stamp", "string", "auto", "create"));
        invalid(def, "fields[5].auto", "fields[5].auto: auto fields must be of type timestamp: stamp");
        Map<String, Object> bad = valid();
        fields(bad).add(field("seen", "timestamp", "auto", "always"));
        invalid(bad, "fields[5].auto", "fields[5].auto: auto of seen must be \"create\" or \"update\"");
    }

    @Test
    void precisionIsZeroToEighteen() {
        Map<String, Object> def = valid();
        fields(def).set(3, field("total", "decimal", "precision", 19));
        invalid(def, "fields[3].precision", "fields[3].precision: precision of total must be an integer from 0 to 18");
        fields(def).set(3, field("total", "decimal", "precision", -1));
        invalid(def, "fields[3].precision", "fields[3].precision: precision of total must be an integer from 0 to 18");
        fields(def).set(3, field("total", "decimal", "precision", "2"));
        invalid(def, "fields[3].precision", "fields[3].precision: precision of total must be an integer from 0 to 18");
    }
}
