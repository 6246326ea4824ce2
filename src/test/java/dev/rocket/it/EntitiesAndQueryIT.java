package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.assertError;
import static dev.rocket.it.support.ApiAssertions.assertNo5xx;
import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static dev.rocket.it.support.AppClient.assertRows;
import static dev.rocket.it.support.AppClient.column;
import static dev.rocket.it.support.AppClient.enc;
import static dev.rocket.it.support.AppClient.entityDef;
import static dev.rocket.it.support.AppClient.field;
import static dev.rocket.it.support.AppClient.fkRelation;
import static dev.rocket.it.support.AppClient.m2mRelation;
import static dev.rocket.it.support.AppClient.map;
import static dev.rocket.it.support.AppClient.nested;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocket.it.support.AppClient;
import dev.rocket.it.support.Http;
import dev.rocket.it.support.RocketDatabase;
import dev.rocket.it.support.RocketItBase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Entity admin API, auto-migration, field types, validation, the query API and deletes (SPEC §3–§6, issue 3). */
class EntitiesAndQueryIT extends RocketItBase {

    private AppClient admin() {
        String app = newApp();
        return new AppClient(http, app, appAdminToken(app));
    }

    // ================================================================ entity admin API

    @Test
    void entityAdminCrud() {
        AppClient a = admin();
        Map<String, Object> def = entityDef("book", "uuid", true,
                field("title", "string", "required", true), field("pages", "int"));
        JsonNode created = a.entity(def);
        assertThat(created.path("definition")).isEqualTo(Http.JSON.valueToTree(def));

        JsonNode list = assertStatus(a.get("_admin/entities"), 200).data();
        assertThat(column(list, "name")).containsExactly("book");
        assertThat(list.get(0).path("table_name").asText()).isEqualTo("book");
        assertThat(list.get(0).path("definition")).isEqualTo(Http.JSON.valueToTree(def));
        assertThat(list.get(0).has("created_at")).isTrue();
        JsonNode one = assertStatus(a.get("_admin/entities/book"), 200).data();
        assertThat(one.path("definition").path("fields").size()).isEqualTo(3);
        assertThat(one).isEqualTo(created); // what POST answers is what GET answers

        assertError(a.post("_admin/entities", def), 409, "CONFLICT");

        JsonNode row = a.create("book", map("title", "Dune", "pages", 412));
        // PUT adds a field; the name comes from the URL
        Map<String, Object> v2 = entityDef("ignored", "uuid", true,
                field("title", "string", "required", true), field("pages", "int"), field("isbn", "string"));
        v2.put("table", "book");
        JsonNode put = assertStatus(a.put("_admin/entities/book", v2), 200).data();
        assertThat(assertStatus(a.get("_admin/entities/book"), 200).data()).isEqualTo(put);
        assertThat(put.path("definition").path("name").asText()).isEqualTo("book");
        assertError(a.get("_admin/entities/ignored"), 404, "NOT_FOUND");
        JsonNode updated = a.update("book", row.path("id").asText(), map("isbn", "978-0441013593"));
        assertThat(updated.path("isbn").asText()).isEqualTo("978-0441013593");
        assertThat(updated.path("title").asText()).isEqualTo("Dune");

        assertError(a.put("_admin/entities/nope", v2), 404, "NOT_FOUND");
        Http.Res del = assertStatus(a.delete("_admin/entities/book"), 200);
        assertThat(del.data()).isEqualTo(Http.JSON.valueToTree(map("name", "book", "deleted", true)));
        assertError(a.get("_admin/entities/book"), 404, "NOT_FOUND");
        assertError(a.delete("_admin/entities/book"), 404, "NOT_FOUND");
        assertError(a.get("book"), 404, "UNKNOWN_ENTITY");
        assertThat(assertStatus(a.get("_admin/entities"), 200).data().size()).isZero();
    }

    @Test
    void invalidDefinitionsAre422WithOneDetailPerProblemAndCreateNothing() {
        AppClient a = admin();
        // four independent problems: bad table name, unknown type, bad field name, primary key not a field
        Map<String, Object> bad = map("name", "widget", "table", "Widget Table",
                "primary_key", map("field", "missing", "type", "uuid", "generated", true),
                "fields", List.of(field("id", "uuid"), field("qty", "int"), field("colour", "rainbow"),
                        field("Bad Name", "string")));
        Http.Res r = assertError(a.post("_admin/entities", bad), 422, "VALIDATION_FAILED");
        JsonNode details = r.json().path("error").path("details");
        assertThat(details.size()).as("details of %s", r).isEqualTo(4);
        String all = details.toString();
        assertThat(all).contains("table", "rainbow", "Bad Name", "missing");
        assertError(a.get("_admin/entities/widget"), 404, "NOT_FOUND");
        assertError(a.get("widget"), 404, "UNKNOWN_ENTITY");

        for (Map<String, Object> invalid : List.of(
                map("table", "x", "primary_key", map("field", "id"), "fields", List.of(field("id", "uuid"))),
                map("name", "x", "primary_key", map("field", "id"), "fields", List.of(field("id", "uuid"))),
                map("name", "x", "table", "x", "primary_key", map("field", "id"), "fields", List.of()),
                map("name", "x", "table", "x", "fields", List.of(field("id", "uuid"))),
                map("name", "x", "table", "x", "primary_key", map("field", "id", "type", "uuid"),
                        "fields", List.of(field("id", "uuid"), field("n", "int", "default", "abc"))),
                map("name", "x", "table", "x", "primary_key", map("field", "id", "type", "uuid"),
                        "fields", List.of(field("id", "uuid"), field("s", "string", "enum", List.of()))),
                map("name", "x", "table", "x", "primary_key", map("field", "id", "type", "uuid"),
                        "fields", List.of(field("id", "uuid"), field("t", "int", "auto", "create"))),
                map("name", "x", "table", "x", "primary_key", map("field", "id", "type", "uuid"),
                        "fields", List.of(field("id", "uuid"), field("d", "string"), field("d", "int"))),
                map("name", "x", "table", "x", "primary_key", map("field", "id", "type", "json"),
                        "fields", List.of(field("id", "json"))))) {
            Http.Res res = assertError(a.post("_admin/entities", invalid), 422, "VALIDATION_FAILED");
            assertThat(res.json().path("error").path("details").size()).as("details of %s", res).isPositive();
        }
        assertError(a.get("x"), 404, "UNKNOWN_ENTITY");

        // a definition with one bad field creates no table: the same name and table with qty now a boolean
        // work (had a table with an integer qty been created, this migration would be refused)
        Map<String, Object> gadgetBad = entityDef("gadget", "uuid", true, field("qty", "int"), field("x", "nope"));
        assertError(a.post("_admin/entities", gadgetBad), 422, "VALIDATION_FAILED");
        a.entity(entityDef("gadget", "uuid", true, field("qty", "boolean")));
        assertThat(a.create("gadget", map("qty", true)).path("qty").asBoolean()).isTrue();

        // invalid relations likewise: 422, one detail per problem, nothing stored
        Http.Res rel = assertError(a.post("_admin/relations", map("name", "Bad-Name", "type", "sideways",
                "source", "gadget", "target", "ghost")), 422, "VALIDATION_FAILED");
        assertThat(rel.json().path("error").path("details").size()).as("details of %s", rel).isEqualTo(3);
        assertError(a.post("_admin/relations", map("name", "links", "type", "many_to_many", "source", "gadget",
                "target", "gadget", "source_join_key", "a_id", "target_join_key", "b_id")), 422, "VALIDATION_FAILED");
        assertThat(assertStatus(a.get("_admin/relations"), 200).data().size()).isZero();
    }

    @Test
    void failingMigrationLeavesNoMetadata() {
        AppClient a = admin();
        Map<String, Object> v1 = entityDef("memo", "uuid", true, field("title", "string"), field("note", "string"));
        a.entity(v1);
        a.create("memo", map("title", "a"));
        a.create("memo", map("title", "b"));
        a.create("memo", map("title", "c", "note", "has one"));
        JsonNode before = assertStatus(a.get("_admin/entities/memo"), 200).data().path("definition");

        // note becomes required (and a new field is added in the same change): 2 rows have no note
        Map<String, Object> v2 = entityDef("memo", "uuid", true, field("title", "string"),
                field("note", "string", "required", true), field("extra", "int"));
        Http.Res r = assertError(a.put("_admin/entities/memo", v2), 422, "VALIDATION_FAILED");
        assertThat(r.errorMessage()).contains("note").contains("2");
        assertThat(assertStatus(a.get("_admin/entities/memo"), 200).data().path("definition")).isEqualTo(before);
        // neither the NOT NULL nor the new column happened
        a.create("memo", map("title", "d"));
        assertError(a.post("memo", map("title", "e", "extra", 1)), 422, "VALIDATION_FAILED");

        // a narrowing type change is refused the same way
        Map<String, Object> v3 = entityDef("memo", "uuid", true, field("title", "int"), field("note", "string"));
        assertError(a.put("_admin/entities/memo", v3), 422, "VALIDATION_FAILED");
        assertThat(assertStatus(a.get("_admin/entities/memo"), 200).data().path("definition")).isEqualTo(before);
        assertThat(a.count("memo")).isEqualTo(4);
        // a unique index over duplicate values is refused too
        a.create("memo", map("title", "a"));
        Map<String, Object> v4 = entityDef("memo", "uuid", true, field("title", "string", "unique", true),
                field("note", "string"));
        assertError(a.put("_admin/entities/memo", v4), 422, "VALIDATION_FAILED");
        assertThat(assertStatus(a.get("_admin/entities/memo"), 200).data().path("definition")).isEqualTo(before);
        a.create("memo", map("title", "a"));
    }

    /** index name → definition, for the indexes of an app table. */
    private static Map<String, String> indexes(String app, String table) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = RocketDatabase.connectApp(app);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ? ORDER BY indexname")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    @Test
    void indexedFieldsGetIndexesThatListsUse() throws Exception {
        AppClient a = admin();
        a.entity(entityDef("gadget", "uuid", true, field("price", "decimal", "precision", 2, "index", true),
                field("code", "string", "index", true), field("note", "string"),
                field("created_at", "timestamp", "auto", "create", "index", true)));
        Map<String, String> idx = indexes(a.app(), "gadget");
        assertThat(idx.get("idx_gadget_price")).isEqualTo(
                "CREATE INDEX idx_gadget_price ON public.gadget USING btree (price) WHERE (deleted_at IS NULL)");
        assertThat(idx.get("idx_gadget_created_at")).contains("(created_at) WHERE (deleted_at IS NULL)");
        assertThat(idx.get("idx_gadget_code")).startsWith("CREATE INDEX ");
        assertThat(idx).doesNotContainKey("idx_gadget_note");
        for (int i = 0; i < 30; i++) {
            a.create("gadget", map("price", i, "code", "c" + (i % 3)));
        }
        JsonNode page = assertStatus(a.get("gadget?filter[price.gte]=10&sort=-created_at,price&per_page=5"), 200).json();
        assertThat(page.path("meta").path("total").asInt()).isEqualTo(20);
        assertThat(page.path("data").size()).isEqualTo(5);

        // code becomes unique: the plain index of that name is replaced by a unique one (values are not
        // unique yet → 422 and nothing changes), then it works once they are
        Map<String, Object> unique = entityDef("gadget", "uuid", true, field("price", "decimal", "precision", 2, "index", true),
                field("code", "string", "unique", true), field("note", "string"),
                field("created_at", "timestamp", "auto", "create", "index", true));
        assertError(a.put("_admin/entities/gadget", unique), 422, "VALIDATION_FAILED");
        assertThat(indexes(a.app(), "gadget").get("idx_gadget_code")).startsWith("CREATE INDEX ");
        assertStatus(a.delete("_admin/entities/gadget"), 200);
        a.entity(entityDef("gizmo", "int", true, field("code", "string", "index", true)));
        a.create("gizmo", map("code", "x"));
        a.create("gizmo", map("code", "y"));
        assertStatus(a.put("_admin/entities/gizmo", entityDef("gizmo", "int", true, field("code", "string", "unique", true))), 200);
        assertThat(indexes(a.app(), "gizmo").get("idx_gizmo_code")).startsWith("CREATE UNIQUE INDEX ");
        assertError(a.post("gizmo", map("code", "x")), 409, "CONFLICT");

        // index on a json field, or not a boolean: 422, nothing stored
        Http.Res bad = assertError(a.post("_admin/entities", entityDef("blob", "uuid", true,
                field("doc", "json", "index", true), field("n", "int", "index", "yes"))), 422, "VALIDATION_FAILED");
        assertThat(bad.json().path("error").path("details").size()).isEqualTo(2);
        assertError(a.get("_admin/entities/blob"), 404, "NOT_FOUND");
    }

    @Test
    void aValueTooLargeForAnIndexIs422NotA5xx() {
        AppClient a = admin();
        a.entity(entityDef("doc", "uuid", true, field("body", "string", "unique", true)));
        // random text does not compress: far beyond the b-tree entry limit (about 2,700 bytes)
        StringBuilder sb = new StringBuilder();
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        while (sb.length() < 10_000) {
            sb.append(Long.toString(r.nextLong(), 36));
        }
        Http.Res res = assertError(a.post("doc", map("body", sb.toString())), 422, "VALIDATION_FAILED");
        assertThat(res.errorMessage()).contains("too large");
        assertThat(a.count("doc")).isZero();
        a.create("doc", map("body", "short"));
    }

    @Test
    void changingThePrimaryKeyTypeIsRefused() {
        AppClient a = admin();
        a.entity(entityDef("k", "uuid", true, field("v", "string")));
        String id = a.create("k", map("v", "x")).path("id").asText();
        JsonNode before = assertStatus(a.get("_admin/entities/k"), 200).data().path("definition");
        // the uuid column cannot become an integer identity: refused like any other narrowing change
        assertError(a.put("_admin/entities/k", entityDef("k", "int", true, field("v", "string"))), 422, "VALIDATION_FAILED");
        assertThat(assertStatus(a.get("_admin/entities/k"), 200).data().path("definition")).isEqualTo(before);
        assertThat(a.read("k", id).path("v").asText()).isEqualTo("x");
        assertError(a.get("k/1"), 404, "NOT_FOUND");
    }

    @Test
    void aKeyTurnedGeneratedGetsItsDefaultOnTheExistingTable() {
        AppClient a = admin();
        Map<String, Object> item = entityDef("item", "int", true, field("title", "string"));
        item.put("primary_key", map("field", "id", "type", "int", "generated", false));
        a.entity(item);
        a.create("item", map("id", 7, "title", "seven"));
        assertError(a.post("item", map("title", "no id")), 422, "VALIDATION_FAILED");
        item.put("primary_key", map("field", "id", "type", "int", "generated", true)); // PUT: now generated
        assertStatus(a.put("_admin/entities/item", item), 200);
        assertThat(a.create("item", map("title", "auto")).path("id").asInt()).isEqualTo(8); // numbered on from 7

        Map<String, Object> doc = entityDef("doc", "uuid", true, field("title", "string"));
        doc.put("primary_key", map("field", "id", "type", "uuid", "generated", false));
        a.entity(doc);
        a.create("doc", map("id", "00000000-0000-0000-0000-000000000001", "title", "kept"));
        assertStatus(a.delete("_admin/entities/doc"), 200);
        a.entity(entityDef("doc", "uuid", true, field("title", "string"))); // defined again on its old table
        assertThat(a.create("doc", map("title", "auto")).path("id").asText()).hasSize(36);
        assertThat(a.count("doc")).isEqualTo(2);
    }

    @Test
    void definitionsAreStrictAndSayWhatIsAllowed() {
        AppClient a = admin();
        Map<String, Object> note = map("name", "note", "table", "note", "primary_key", "id", "relations", List.of(),
                "fields", List.of(field("id", "uuid"), field("title", "strng")));
        Http.Res r = assertError(a.post("_admin/entities", note), 422, "VALIDATION_FAILED");
        assertThat(r.body()).contains("relations are defined on their own").contains("allowed keys of an entity");
        assertError(a.get("_admin/entities/note"), 404, "NOT_FOUND");
        note.remove("relations");
        r = assertError(a.post("_admin/entities", note), 422, "VALIDATION_FAILED");
        assertThat(r.json().path("error").path("details").get(0).path("field").asText()).isEqualTo("fields[1].type");
        assertThat(r.body()).contains("allowed: string, text, int");
        note.put("fields", List.of(field("id", "uuid"), field("title", "string")));
        a.entity(note); // the short primary key: a generated uuid
        a.entity(entityDef("line", "uuid", true, field("note_id", "uuid"), field("sku", "string")));
        a.relation(fkRelation("lines", "one_to_many", "note", "line", "note_id", "cascade"));
        JsonNode created = a.create("note", map("title", "n", "lines", map("data", List.of(map("sku", "a")))));
        assertThat(created.path("lines")).hasSize(1);
        r = assertError(a.post("note", map("title", "n", "lines", List.of(map("sku", "a")))), 422, "VALIDATION_FAILED");
        assertThat(r.json().path("error").path("details").get(0).path("message").asText())
                .startsWith("lines is a relation: a nested write is an object {\"data\": [rows…]}");
        assertThat(a.count("line")).isEqualTo(1);
    }

    @Test
    void movingThePrimaryKeyToAnotherFieldIsAClean4xx() {
        AppClient a = admin();
        a.entity(entityDef("pf", "uuid", true, field("code", "string")));
        a.create("pf", map("code", "A"));
        Map<String, Object> byCode = entityDef("pf", "uuid", true, field("code", "string"));
        byCode.put("primary_key", map("field", "code", "type", "string"));
        Http.Res r = a.put("_admin/entities/pf", byCode);
        assertThat(r.status()).as("%s", r).isBetween(400, 499);
        assertThat(a.count("pf")).isEqualTo(1);
    }

    @Test
    void aJoinTableOverAnExistingTableThatIsNoEntitysIs422() {
        AppClient a = admin();
        a.entity(entityDef("p", "uuid", true, field("n", "int")));
        a.entity(entityDef("c", "uuid", true, field("q", "int")));
        // an entity's table stays when the entity is deleted (SPEC §3.5): it is no join table
        a.entity(entityDef("leftover", "uuid", true, field("v", "string")));
        assertStatus(a.delete("_admin/entities/leftover"), 200);
        assertError(a.post("_admin/relations", m2mRelation("links", "p", "c", "leftover", "detach")), 422, "VALIDATION_FAILED");
        assertThat(assertStatus(a.get("_admin/relations"), 200).data().size()).isZero();
    }

    @Test
    void schemaChangesNeverMakeConcurrentReadsOrWritesFail() throws Exception {
        AppClient a = admin();
        a.entity(entityDef("live", "uuid", true, field("v", "int")));
        a.create("live", map("v", 1));
        java.util.concurrent.ConcurrentLinkedQueue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            Thread th = new Thread(() -> {
                while (!stop.get()) {
                    for (Http.Res r : List.of(a.post("live", map("v", 2)), a.get("live?per_page=5&sort=-v"))) {
                        if (r.status() >= 300) {
                            failures.add(r.toString());
                        }
                    }
                }
            });
            th.start();
            threads.add(th);
        }
        try {
            Thread.sleep(1500);
            // a widening type change (int → bigint), then added columns
            assertStatus(a.put("_admin/entities/live", entityDef("live", "uuid", true, field("v", "bigint"))), 200);
            Thread.sleep(500);
            assertStatus(a.put("_admin/entities/live", entityDef("live", "uuid", true, field("v", "bigint"),
                    field("w", "string", "default", "x", "required", true))), 200);
            Thread.sleep(500);
        } finally {
            stop.set(true);
            for (Thread th : threads) {
                th.join(60_000);
            }
        }
        assertThat(failures).as("answers during the schema changes").isEmpty();
        assertThat(a.total("live", "filter[w]=x")).isEqualTo(a.count("live"));
    }

    // ================================================================ field types and keys

    @Test
    void fieldTypesRoundTrip() {
        AppClient a = admin();
        a.entity(entityDef("thing", "uuid", true, field("s", "string"), field("t", "text"), field("i", "int"),
                field("ii", "integer"), field("b", "bigint"), field("d", "decimal", "precision", 2),
                field("dd", "decimal"), field("flag", "boolean"), field("u", "uuid"), field("ts", "timestamp"),
                field("day", "date"), field("j", "json"), field("ja", "json")));
        String uuid = "0b7c3e1e-5d3a-4a55-9d43-8f3c2b1a0f9e";
        Map<String, Object> body = map("s", "héllo", "t", "long\ntext", "i", 2147483647, "ii", -7,
                "b", 9007199254740993L, "d", new BigDecimal("1234.5"), "dd", new BigDecimal("0.000001"), "flag", true,
                "u", uuid, "ts", "2024-03-01T12:00:00+02:00", "day", "2024-02-29",
                "j", map("a", 1, "nested", map("b", java.util.Arrays.asList(1, "two", null))), "ja", List.of(1, 2, 3));
        JsonNode created = a.create("thing", body);
        for (JsonNode d : List.of(created, a.read("thing", created.path("id").asText()),
                a.list("thing", "").path("data").get(0))) {
            assertThat(d.path("id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
            assertThat(d.path("s").asText()).isEqualTo("héllo");
            assertThat(d.path("t").asText()).isEqualTo("long\ntext");
            assertThat(d.path("i").isIntegralNumber()).as("int as a JSON number in %s", d).isTrue();
            assertThat(d.path("i").asLong()).isEqualTo(2147483647L);
            assertThat(d.path("ii").isIntegralNumber()).isTrue();
            assertThat(d.path("ii").asLong()).isEqualTo(-7);
            assertThat(d.path("b").isIntegralNumber()).as("bigint as a JSON number in %s", d).isTrue();
            assertThat(d.path("b").asLong()).isEqualTo(9007199254740993L);
            assertThat(d.path("d").isNumber()).as("decimal as a JSON number in %s", d).isTrue();
            assertThat(d.path("d").decimalValue()).isEqualByComparingTo("1234.5");
            assertThat(d.path("dd").isNumber()).isTrue();
            assertThat(d.path("dd").decimalValue()).isEqualByComparingTo("0.000001");
            assertThat(d.path("flag").isBoolean()).isTrue();
            assertThat(d.path("flag").asBoolean()).isTrue();
            assertThat(d.path("u").asText()).isEqualTo(uuid);
            assertThat(d.path("ts").asText()).endsWith("Z");
            assertThat(Instant.parse(d.path("ts").asText())).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
            assertThat(d.path("day").asText()).isEqualTo("2024-02-29");
            assertThat(d.path("j")).isEqualTo(Http.JSON.valueToTree(body.get("j")));
            assertThat(d.path("ja")).isEqualTo(Http.JSON.valueToTree(List.of(1, 2, 3)));
            assertThat(d.has("deleted_at")).isTrue();
            assertThat(d.path("deleted_at").isNull()).isTrue();
        }
        // numeric strings are accepted for numbers; out-of-range and non-numbers are type errors
        JsonNode fromStrings = a.create("thing", map("i", "42", "b", "-9007199254740993", "d", "0.5"));
        assertThat(fromStrings.path("i").isIntegralNumber()).isTrue();
        assertThat(fromStrings.path("i").asInt()).isEqualTo(42);
        assertThat(fromStrings.path("b").asLong()).isEqualTo(-9007199254740993L);
        assertThat(fromStrings.path("d").decimalValue()).isEqualByComparingTo("0.5");
        for (Map<String, Object> wrong : List.of(map("i", 2147483648L), map("i", 1.5), map("i", "abc"),
                map("b", new BigDecimal("9223372036854775808")), map("d", "NaN"), map("d", "Infinity"),
                map("flag", "yes"), map("u", "not-a-uuid"), map("ts", "yesterday"), map("day", "2024-02-30"),
                map("day", "01/02/2024"), map("s", List.of("x")), map("s", map("a", 1)), map("t", 5),
                map("d", new BigDecimal("12345678901234567890")))) {
            Http.Res r = assertError(a.post("thing", wrong), 422, "VALIDATION_FAILED");
            JsonNode det = r.json().path("error").path("details");
            assertThat(det.size()).as("details of %s", r).isEqualTo(1);
            assertThat(det.get(0).path("field").asText()).isEqualTo(wrong.keySet().iterator().next());
            assertThat(det.get(0).path("rule").asText()).isEqualTo("type");
        }
        assertThat(a.count("thing")).isEqualTo(2);
    }

    @Test
    void primaryKeysGeneratedAndClientSupplied() {
        AppClient a = admin();
        a.entity(entityDef("n32", "int", true, field("v", "string")));
        a.entity(entityDef("n64", "bigint", false, field("v", "string")));
        a.entity(entityDef("code", "string", true, field("v", "string")));

        JsonNode first = a.create("n32", map("id", 999, "v", "x"));
        JsonNode second = a.create("n32", map("v", "y"));
        assertThat(first.path("id").isIntegralNumber()).isTrue();
        assertThat(first.path("id").asLong()).isNotEqualTo(999);
        assertThat(second.path("id").asLong()).isGreaterThan(first.path("id").asLong());
        assertThat(a.read("n32", first.path("id").asText()).path("v").asText()).isEqualTo("x");
        assertError(a.get("n32/999"), 404, "NOT_FOUND");

        JsonNode big = a.create("n64", map("v", "z"));
        assertThat(big.path("id").isIntegralNumber()).isTrue();
        assertThat(a.read("n64", big.path("id").asText()).path("v").asText()).isEqualTo("z");

        JsonNode c = a.create("code", map("id", "ABC-1", "v", "first"));
        assertThat(c.path("id").asText()).isEqualTo("ABC-1");
        assertThat(a.read("code", "ABC-1").path("v").asText()).isEqualTo("first");
        Http.Res missing = assertError(a.post("code", map("v", "no key")), 422, "VALIDATION_FAILED");
        assertThat(missing.json().path("error").path("details").get(0).path("field").asText()).isEqualTo("id");
        assertThat(missing.json().path("error").path("details").get(0).path("rule").asText()).isEqualTo("required");
        assertError(a.post("code", map("id", "ABC-1", "v", "again")), 409, "CONFLICT");
        assertThat(a.read("code", "ABC-1").path("v").asText()).isEqualTo("first");
        // the key of an existing row cannot be changed by an update
        a.update("code", "ABC-1", map("id", "XYZ", "v", "second"));
        assertThat(a.read("code", "ABC-1").path("v").asText()).isEqualTo("second");
        assertError(a.get("code/XYZ"), 404, "NOT_FOUND");
    }

    @Test
    void uniqueRequiredEnumTypeAndUnknownKeys() {
        AppClient a = admin();
        a.entity(entityDef("account", "uuid", true, field("email", "string", "required", true, "unique", true),
                field("plan", "string", "enum", List.of("free", "pro")), field("seats", "int"),
                field("nick", "string", "required", true, "nullable", true)));
        JsonNode ok = a.create("account", map("email", "a@x.io", "plan", "pro", "seats", 3));
        Http.Res dup = assertError(a.post("account", map("email", "a@x.io")), 409, "CONFLICT");
        assertThat(dup.errorMessage()).contains("a@x.io");

        Http.Res r = assertError(a.post("account", map("plan", "gold", "seats", "many", "colour", "red")),
                422, "VALIDATION_FAILED");
        List<String> rules = new ArrayList<>();
        r.json().path("error").path("details").forEach(d -> rules.add(d.path("field").asText() + ":" + d.path("rule").asText()));
        assertThat(rules).containsExactlyInAnyOrder("email:required", "plan:enum", "seats:type", "colour:unknown");
        assertError(a.post("account", map("email", "")), 422, "VALIDATION_FAILED");
        assertError(a.post("account", map("email", null)), 422, "VALIDATION_FAILED");
        assertThat(a.count("account")).isEqualTo(1);

        // on update: explicit null/"" of a required field, bad enum, unknown key → 422 and the row unchanged
        String id = ok.path("id").asText();
        assertError(a.put("account/" + id, map("email", null)), 422, "VALIDATION_FAILED");
        assertError(a.put("account/" + id, map("email", "")), 422, "VALIDATION_FAILED");
        assertError(a.put("account/" + id, map("plan", "gold")), 422, "VALIDATION_FAILED");
        assertError(a.put("account/" + id, map("bogus", 1)), 422, "VALIDATION_FAILED");
        a.create("account", map("email", "b@x.io"));
        assertError(a.put("account/" + id, map("email", "b@x.io")), 409, "CONFLICT");
        JsonNode again = a.read("account", id);
        assertThat(again.path("email").asText()).isEqualTo("a@x.io");
        assertThat(again.path("plan").asText()).isEqualTo("pro");
        // an empty update is valid and changes nothing; a body that is not an object is 400
        assertThat(a.update("account", id, map()).path("email").asText()).isEqualTo("a@x.io");
        assertError(a.put("account/" + id, "[1,2]"), 400, "INVALID_PAYLOAD");
        assertError(a.post("account", "\"text\""), 400, "INVALID_PAYLOAD");
        assertError(a.post("account", "{\"email\": "), 400, "INVALID_PAYLOAD");
    }

    @Test
    void defaultsAndAutoTimestamps() throws InterruptedException {
        AppClient a = admin();
        a.entity(entityDef("task", "uuid", true, field("title", "string"),
                field("state", "string", "default", "open", "enum", List.of("open", "done"), "required", true),
                field("prio", "int", "default", 3), field("urgent", "boolean", "default", false),
                field("created_at", "timestamp", "auto", "create"), field("updated_at", "timestamp", "auto", "update")));
        Instant t0 = Instant.now().minusSeconds(5);
        JsonNode t = a.create("task", map("title", "x", "created_at", "2000-01-01T00:00:00Z",
                "updated_at", "2000-01-01T00:00:00Z"));
        assertThat(t.path("state").asText()).isEqualTo("open");
        assertThat(t.path("prio").asInt()).isEqualTo(3);
        assertThat(t.path("urgent").asBoolean()).isFalse();
        assertThat(t.path("urgent").isBoolean()).isTrue();
        Instant created = Instant.parse(t.path("created_at").asText());
        Instant updated = Instant.parse(t.path("updated_at").asText());
        assertThat(created).isAfter(t0).isBefore(Instant.now().plusSeconds(5));
        assertThat(updated).isAfter(t0);
        JsonNode explicit = a.create("task", map("title", "y", "state", "done", "prio", 1, "urgent", true));
        assertThat(explicit.path("state").asText()).isEqualTo("done");
        assertThat(explicit.path("prio").asInt()).isEqualTo(1);

        Thread.sleep(20);
        JsonNode u = a.update("task", t.path("id").asText(), map("title", "x2", "created_at", "2000-01-01T00:00:00Z"));
        assertThat(Instant.parse(u.path("created_at").asText())).isEqualTo(created);
        assertThat(Instant.parse(u.path("updated_at").asText())).isAfter(updated);
        assertThat(u.path("state").asText()).isEqualTo("open");
    }

    @Test
    void malformedIdsAre404ForGetPutAndDelete() {
        AppClient a = admin();
        a.entity(entityDef("u", "uuid", true, field("v", "string")));
        a.entity(entityDef("n", "int", true, field("v", "string")));
        a.entity(entityDef("big", "bigint", true, field("v", "string")));
        a.create("u", map("v", "keep"));
        a.create("n", map("v", "keep"));
        a.create("big", map("v", "keep"));
        String longId = "9".repeat(5000);
        for (String entity : List.of("u", "n", "big")) {
            for (String id : List.of("not-a-uuid", "abc", "1.5", "-1", "99999999999999999999999", "0x10",
                    "00000000-0000-0000-0000-00000000000g", "%20", enc("1 OR 1=1"), enc("'; --"), longId)) {
                assertError(a.get(entity + "/" + id), 404, "NOT_FOUND");
                assertError(a.put(entity + "/" + id, map("v", "changed")), 404, "NOT_FOUND");
                assertError(a.delete(entity + "/" + id), 404, "NOT_FOUND");
            }
            assertThat(column(a.list(entity, ""), "v")).containsExactly("keep");
        }
        assertError(a.get("u/" + "00000000-0000-0000-0000-000000000000"), 404, "NOT_FOUND");
    }

    // ================================================================ query API

    private void items(AppClient a) {
        a.entity(entityDef("item", "int", true, field("name", "string"), field("qty", "int"),
                field("price", "decimal", "precision", 2), field("active", "boolean"), field("day", "date"),
                field("note", "string")));
        a.create("item", map("name", "apple", "qty", 1, "price", 1.5, "active", true, "day", "2024-01-01", "note", "x"));
        a.create("item", map("name", "apricot", "qty", 2, "price", 2.5, "active", false, "day", "2024-02-01"));
        a.create("item", map("name", "banana", "qty", 3, "price", 10, "active", true, "day", "2024-03-01"));
        a.create("item", map("name", "50%_off", "qty", 4, "price", 99.99, "active", false, "day", "2024-04-01"));
        a.create("item", map("name", "back\\slash", "qty", 5, "price", 100, "active", true, "day", "2024-05-01"));
    }

    @Test
    void everyFilterOperator() {
        AppClient a = admin();
        items(a);
        assertRows(a.list("item", "filter[name]=apple"), "name", "apple");
        assertRows(a.list("item", "filter[name.eq]=banana"), "name", "banana");
        assertRows(a.list("item", "filter[qty.neq]=3"), "qty", "1", "2", "4", "5");
        assertRows(a.list("item", "filter[qty.gt]=3"), "qty", "4", "5");
        assertRows(a.list("item", "filter[qty.gte]=3"), "qty", "3", "4", "5");
        assertRows(a.list("item", "filter[qty.lt]=3"), "qty", "1", "2");
        assertRows(a.list("item", "filter[qty.lte]=3"), "qty", "1", "2", "3");
        assertRows(a.list("item", "filter[price.gt]=2.5"), "name", "banana", "50%_off", "back\\slash");
        assertRows(a.list("item", "filter[price.lte]=2.50"), "name", "apple", "apricot");
        assertRows(a.list("item", "filter[day.gte]=2024-03-01"), "qty", "3", "4", "5");
        assertRows(a.list("item", "filter[day]=2024-02-01"), "qty", "2");
        assertRows(a.list("item", "filter[active]=true"), "qty", "1", "3", "5");
        assertRows(a.list("item", "filter[active]=1"), "qty", "1", "3", "5");
        assertRows(a.list("item", "filter[active]=false"), "qty", "2", "4");
        assertRows(a.list("item", "filter[qty.in]=1,3,5"), "qty", "1", "3", "5");
        assertRows(a.list("item", "filter[name.in]=" + enc("apple, banana ,nope")), "name", "apple", "banana");
        assertRows(a.list("item", "filter[qty.not_in]=1,2"), "qty", "3", "4", "5");
        assertRows(a.list("item", "filter[name.like]=ap%25"), "name", "apple", "apricot");
        assertRows(a.list("item", "filter[name.like]=%25an%25"), "name", "banana");
        assertRows(a.list("item", "filter[name.like]=_pple"), "name", "apple");
        assertRows(a.list("item", "filter[name.like]=" + enc("50\\%%")), "name", "50%_off");
        assertRows(a.list("item", "filter[name]=" + enc("back\\slash")), "name", "back\\slash");
        assertRows(a.list("item", "filter[name]=" + enc("50%_off")), "name", "50%_off");
        // ANDed, with meta.total counting the same rows
        JsonNode both = a.list("item", "filter[qty.gt]=1&filter[active]=true&per_page=1");
        assertThat(both.path("meta").path("total").asLong()).isEqualTo(2);
        assertThat(both.path("data").size()).isEqualTo(1);
        assertRows(a.list("item", "filter[qty.gte]=2&filter[qty.lte]=4"), "qty", "2", "3", "4");
        assertThat(a.total("item", "filter[note]=x")).isEqualTo(1);
        assertThat(a.total("item", "filter[name]=nothing")).isZero();

        assertError(a.get("item?filter[colour]=red"), 400, "UNKNOWN_FIELD");
        assertError(a.get("item?filter[qty.between]=1"), 400, "UNKNOWN_FIELD");
        assertError(a.get("item?filter[qty]=abc"), 400, "INVALID_PAYLOAD");
        assertError(a.get("item?filter[qty.in]=1,x"), 400, "INVALID_PAYLOAD");
        assertError(a.get("item?filter[day]=notadate"), 400, "INVALID_PAYLOAD");
        assertError(a.get("item?filter[price.gt]=cheap"), 400, "INVALID_PAYLOAD");
        assertError(a.get("item?filter[qty]=99999999999"), 400, "INVALID_PAYLOAD");
    }

    @Test
    void sortAndPagination() {
        AppClient a = admin();
        items(a);
        assertThat(column(a.list("item", "sort=-qty"), "qty")).containsExactly("5", "4", "3", "2", "1");
        assertThat(column(a.list("item", "sort=active,-qty"), "qty")).containsExactly("4", "2", "5", "3", "1");
        assertThat(column(a.list("item", "sort=name"), "name"))
                .containsExactly("50%_off", "apple", "apricot", "back\\slash", "banana");
        assertThat(column(a.list("item", ""), "qty")).containsExactly("1", "2", "3", "4", "5");
        assertError(a.get("item?sort=colour"), 400, "UNKNOWN_FIELD");
        assertError(a.get("item?sort=-"), 400, "UNKNOWN_FIELD");

        JsonNode p2 = a.list("item", "sort=qty&page=2&per_page=2");
        assertThat(column(p2, "qty")).containsExactly("3", "4");
        assertThat(p2.path("meta")).isEqualTo(Http.JSON.valueToTree(map("page", 2, "per_page", 2, "total", 5)));
        JsonNode p3 = a.list("item", "sort=qty&page=3&per_page=2");
        assertThat(column(p3, "qty")).containsExactly("5");
        assertThat(a.list("item", "page=4&per_page=2").path("data").size()).isZero();
        assertThat(a.list("item", "page=4&per_page=2").path("meta").path("total").asLong()).isEqualTo(5);

        for (String[] c : new String[][] {{"per_page=1000", "1", "100"}, {"per_page=0", "1", "25"},
                {"per_page=-5", "1", "25"}, {"per_page=abc", "1", "25"}, {"page=0", "1", "25"}, {"page=-3", "1", "25"},
                {"page=abc", "1", "25"}, {"page=99999999999999999999", "2147483647", "25"},
                {"per_page=99999999999999999999", "1", "100"}, {"page=2147483647&per_page=100", "2147483647", "100"}}) {
            JsonNode body = a.list("item", c[0]);
            assertThat(body.path("meta").path("page").asLong()).as(c[0]).isEqualTo(Long.parseLong(c[1]));
            assertThat(body.path("meta").path("per_page").asLong()).as(c[0]).isEqualTo(Long.parseLong(c[2]));
            assertThat(body.path("meta").path("total").asLong()).as(c[0]).isEqualTo(5);
            assertThat(body.path("data").size()).as(c[0]).isEqualTo(c[1].equals("1") ? 5 : 0);
        }
    }

    /** customer —orders(o2m)→ order —tags(m2m)→ tag; customer —profile(o2o, eager)→ profile. */
    private Map<String, String> shop(AppClient a) {
        a.entity(entityDef("customer", "uuid", true, field("name", "string")));
        a.entity(entityDef("order", "int", true, field("ref", "string"), field("qty", "int"),
                field("customer_id", "uuid")));
        a.entity(entityDef("tag", "uuid", true, field("label", "string")));
        a.entity(entityDef("profile", "uuid", true, field("bio", "string"), field("customer_id", "uuid")));
        a.relation(fkRelation("orders", "one_to_many", "customer", "order", "customer_id", "restrict"));
        a.relation(m2mRelation("tags", "order", "tag", "order_tags", "detach"));
        Map<String, Object> profile = fkRelation("profile", "one_to_one", "customer", "profile", "customer_id", "cascade");
        profile.put("fetch", "eager");
        a.relation(profile);

        Map<String, String> ids = new LinkedHashMap<>();
        String urgent = a.create("tag", map("label", "urgent")).path("id").asText();
        String gift = a.create("tag", map("label", "gift")).path("id").asText();
        String unused = a.create("tag", map("label", "unused")).path("id").asText();
        ids.put("urgent", urgent);
        ids.put("gift", gift);
        ids.put("unused", unused);
        JsonNode ann = a.create("customer", map("name", "Ann",
                "orders", nested(null, map("ref", "A1", "qty", 1, "tags", nested(null, map("id", urgent))),
                        map("ref", "A2", "qty", 9, "tags", nested(null, map("id", urgent), map("id", gift)))),
                "profile", nested(null, map("bio", "Ann's bio"))));
        JsonNode bob = a.create("customer", map("name", "Bob",
                "orders", nested(null, map("ref", "B1", "qty", 2, "tags", nested(null, map("id", gift))))));
        JsonNode cy = a.create("customer", map("name", "Cy"));
        a.create("order", map("ref", "X1", "qty", 5));
        ids.put("Ann", ann.path("id").asText());
        ids.put("Bob", bob.path("id").asText());
        ids.put("Cy", cy.path("id").asText());
        return ids;
    }

    @Test
    void relatedEntityFilters() {
        AppClient a = admin();
        shop(a);
        // forward one_to_many
        assertRows(a.list("customer", "filter[orders.qty.gt]=5"), "name", "Ann");
        assertRows(a.list("customer", "filter[orders.ref.in]=A1,B1"), "name", "Ann", "Bob");
        assertRows(a.list("customer", "filter[orders.ref.like]=B%25"), "name", "Bob");
        // reverse (order is the target of customer.orders), by relation name and by entity name
        assertRows(a.list("order", "filter[customer.name]=Ann"), "ref", "A1", "A2");
        assertRows(a.list("order", "filter[orders.name]=Bob"), "ref", "B1");
        assertRows(a.list("order", "filter[customer.name.neq]=Ann"), "ref", "B1");
        // forward and reverse many_to_many
        assertRows(a.list("order", "filter[tags.label]=urgent"), "ref", "A1", "A2");
        assertRows(a.list("order", "filter[tags.label]=gift&filter[customer.name]=Ann"), "ref", "A2");
        assertRows(a.list("tag", "filter[tags.ref]=B1"), "label", "gift");
        assertRows(a.list("tag", "filter[order.qty.gte]=1"), "label", "urgent", "gift");
        assertThat(a.total("customer", "filter[orders.qty.gt]=100")).isZero();
        // one_to_one
        assertRows(a.list("customer", "filter[profile.bio.like]=Ann%25"), "name", "Ann");

        assertError(a.get("customer?filter[orders.colour]=x"), 400, "UNKNOWN_FIELD");
        assertError(a.get("customer?filter[nothing.name]=x"), 400, "UNKNOWN_FIELD");
        assertError(a.get("customer?filter[orders.qty.between]=1"), 400, "UNKNOWN_FIELD");
        assertError(a.get("customer?filter[orders.qty]=many"), 400, "INVALID_PAYLOAD");
    }

    @Test
    void includesOfEveryRelationKindAndEagerFetch() {
        AppClient a = admin();
        Map<String, String> ids = shop(a);
        JsonNode customers = a.list("customer", "include=orders&sort=name");
        assertThat(column(customers, "name")).containsExactly("Ann", "Bob", "Cy");
        JsonNode ann = customers.path("data").get(0);
        assertThat(column(ann.path("orders"), "ref")).containsExactly("A1", "A2");
        assertThat(column(customers.path("data").get(2).path("orders"), "ref")).isEmpty();
        assertThat(customers.path("data").get(2).path("orders").isArray()).isTrue();
        // eager one_to_one: present without being asked for, object or null
        assertThat(ann.path("profile").path("bio").asText()).isEqualTo("Ann's bio");
        assertThat(customers.path("data").get(1).has("profile")).isTrue();
        assertThat(customers.path("data").get(1).path("profile").isNull()).isTrue();
        assertThat(a.read("customer", ids.get("Ann")).path("profile").path("bio").asText()).isEqualTo("Ann's bio");
        assertThat(a.read("customer", ids.get("Ann")).has("orders")).isFalse();

        // reverse: object, null without a customer; by relation name the key is as written
        JsonNode orders = a.list("order", "include=customer,tags&sort=ref");
        assertThat(column(orders, "ref")).containsExactly("A1", "A2", "B1", "X1");
        assertThat(orders.path("data").get(0).path("customer").path("name").asText()).isEqualTo("Ann");
        assertThat(orders.path("data").get(3).path("customer").isNull()).isTrue();
        assertThat(column(orders.path("data").get(1).path("tags"), "label")).containsExactlyInAnyOrder("urgent", "gift");
        assertThat(orders.path("data").get(3).path("tags").size()).isZero();
        String a1 = orders.path("data").get(0).path("id").asText();
        JsonNode one = assertStatus(a.get("order/" + a1 + "?include=" + enc(" customer , tags ")), 200).data();
        assertThat(one.path("customer").path("name").asText()).isEqualTo("Ann");
        assertThat(column(one.path("tags"), "label")).containsExactly("urgent");
        assertThat(assertStatus(a.get("order/" + a1 + "?include=orders"), 200).data().path("orders").path("name").asText())
                .isEqualTo("Ann");

        // reverse many_to_many: the orders of a tag through the join table
        JsonNode tags = a.list("tag", "include=tags&sort=label");
        assertThat(column(tags, "label")).containsExactly("gift", "unused", "urgent");
        assertThat(column(tags.path("data").get(0).path("tags"), "ref")).containsExactlyInAnyOrder("A2", "B1");
        assertThat(tags.path("data").get(1).path("tags").size()).isZero();
        assertThat(column(a.read("tag", ids.get("urgent") + "?include=order").path("order"), "ref"))
                .containsExactlyInAnyOrder("A1", "A2");
        // reverse one_to_one
        JsonNode profiles = a.list("profile", "include=customer");
        assertThat(profiles.path("data").get(0).path("customer").path("name").asText()).isEqualTo("Ann");

        assertError(a.get("customer?include=nothing"), 400, "UNKNOWN_FIELD");
        assertError(a.get("customer?include=orders,nothing"), 400, "UNKNOWN_FIELD");
        assertError(a.get("customer/" + ids.get("Ann") + "?include=nothing"), 400, "UNKNOWN_FIELD");
        assertError(a.get("customer?include=name"), 400, "UNKNOWN_FIELD");
    }

    @Test
    void softDeletedRowsAreInvisible() {
        AppClient a = admin();
        Map<String, String> ids = shop(a);
        String bob = ids.get("Bob");
        // Bob's order blocks (restrict): remove it first, then Bob
        String b1 = column(a.list("order", "filter[ref]=B1"), "id").get(0);
        assertThat(a.delete("order/" + b1).data()).isEqualTo(Http.JSON.valueToTree(map("id", Integer.parseInt(b1))));
        assertStatus(a.delete("customer/" + bob), 200);
        assertError(a.get("customer/" + bob), 404, "NOT_FOUND");
        assertError(a.put("customer/" + bob, map("name", "Bob again")), 404, "NOT_FOUND");
        assertError(a.delete("customer/" + bob), 404, "NOT_FOUND");
        assertRows(a.list("customer", ""), "name", "Ann", "Cy");
        assertThat(a.count("customer")).isEqualTo(2);
        assertThat(a.total("customer", "filter[name]=Bob")).isZero();
        assertThat(a.total("customer", "filter[id]=" + bob)).isZero();
        assertThat(a.total("order", "filter[customer.name]=Bob")).isZero();
        assertThat(a.total("customer", "filter[orders.ref]=B1")).isZero();
        // includes skip deleted rows, and a deleted row is no current child
        JsonNode gift = a.read("tag", ids.get("gift") + "?include=tags");
        assertThat(column(gift.path("tags"), "ref")).containsExactly("A2");
        assertThat(column(a.read("customer", ids.get("Ann") + "?include=orders").path("orders"), "ref"))
                .containsExactly("A1", "A2");
    }

    @Test
    void deletePolicies() {
        AppClient a = admin();
        // cascade, two levels: root (soft) → branch (hard) → leaf (soft)
        a.entity(entityDef("root", "uuid", true, field("name", "string")));
        a.entity(entityDef("branch", "uuid", false, field("name", "string"), field("root_id", "uuid")));
        a.entity(entityDef("leaf", "uuid", true, field("name", "string"), field("branch_id", "uuid")));
        a.relation(fkRelation("branches", "one_to_many", "root", "branch", "root_id", "cascade"));
        a.relation(fkRelation("leaves", "one_to_many", "branch", "leaf", "branch_id", "cascade"));
        JsonNode r1 = a.create("root", map("name", "r1", "branches", nested(null,
                map("name", "b1", "leaves", nested(null, map("name", "l1"), map("name", "l2"))),
                map("name", "b2", "leaves", nested(null, map("name", "l3"))))));
        a.create("root", map("name", "r2", "branches", nested(null,
                map("name", "b3", "leaves", nested(null, map("name", "l4"))))));
        assertThat(a.count("leaf")).isEqualTo(4);
        assertStatus(a.delete("root/" + r1.path("id").asText()), 200);
        assertRows(a.list("root", ""), "name", "r2");
        assertRows(a.list("branch", ""), "name", "b3");
        assertRows(a.list("leaf", ""), "name", "l4");

        // set_null: children stay, their key is cleared
        a.entity(entityDef("team", "uuid", false, field("name", "string")));
        a.entity(entityDef("member", "uuid", true, field("name", "string"), field("team_id", "uuid")));
        a.relation(fkRelation("members", "one_to_many", "team", "member", "team_id", "set_null"));
        JsonNode team = a.create("team", map("name", "t", "members", nested(null, map("name", "m1"), map("name", "m2"))));
        JsonNode other = a.create("team", map("name", "u", "members", nested(null, map("name", "m3"))));
        assertStatus(a.delete("team/" + team.path("id").asText()), 200);
        JsonNode members = a.list("member", "sort=name");
        assertThat(column(members, "name")).containsExactly("m1", "m2", "m3");
        assertThat(column(members, "team_id")).containsExactly(null, null, other.path("id").asText());

        // restrict: 409 and nothing deleted
        a.entity(entityDef("owner", "uuid", true, field("name", "string")));
        a.entity(entityDef("pet", "uuid", true, field("name", "string"), field("owner_id", "uuid")));
        a.relation(fkRelation("pets", "one_to_many", "owner", "pet", "owner_id", "restrict"));
        JsonNode owner = a.create("owner", map("name", "o", "pets", nested(null, map("name", "p1"), map("name", "p2"))));
        Http.Res blocked = assertError(a.delete("owner/" + owner.path("id").asText()), 409, "CONFLICT");
        assertThat(blocked.errorMessage()).contains("2").contains("pet");
        assertThat(a.read("owner", owner.path("id").asText()).path("name").asText()).isEqualTo("o");
        assertThat(a.count("pet")).isEqualTo(2);
        // once the children are gone, the delete goes through
        for (String pet : column(a.list("pet", ""), "id")) {
            assertStatus(a.delete("pet/" + pet), 200);
        }
        assertStatus(a.delete("owner/" + owner.path("id").asText()), 200);

        // detach (many_to_many): the join rows go, the targets stay. A hard-deleted source re-created with the
        // same key shows no links, so the join rows really were removed.
        a.entity(entityDef("post", "string", false, field("title", "string")));
        a.entity(entityDef("label", "uuid", true, field("name", "string")));
        a.relation(m2mRelation("labels", "post", "label", "post_labels", "detach"));
        String l1 = a.create("label", map("name", "l1")).path("id").asText();
        String l2 = a.create("label", map("name", "l2")).path("id").asText();
        a.create("post", map("id", "p1", "title", "one", "labels", nested(null, map("id", l1), map("id", l2))));
        a.create("post", map("id", "p2", "title", "two", "labels", nested(null, map("id", l1))));
        assertStatus(a.delete("post/p1"), 200);
        assertThat(a.count("label")).isEqualTo(2);
        assertThat(column(a.read("label", l1 + "?include=labels").path("labels"), "id")).containsExactly("p2");
        a.create("post", map("id", "p1", "title", "again"));
        assertThat(a.read("post", "p1?include=labels").path("labels").size()).isZero();
        assertThat(column(a.read("post", "p2?include=labels").path("labels"), "name")).containsExactly("l1");
    }

    // ================================================================ hostile input

    /**
     * Never a 5xx. Targets that Tomcat itself refuses before Rocket sees them (%00 in the path, request lines
     * above 8 KiB) get Tomcat's own 400 page; every other answer is JSON with the error envelope.
     */
    private static Http.Res safe(Http.Res r) {
        assertThat(r.status()).as("status of %s", r).isBetween(200, 499);
        if (!(r.status() == 400 && !r.contentType().startsWith("application/json"))) {
            assertNo5xx(r);
        }
        return r;
    }

    private static final List<String> HOSTILE = List.of("'", "\"", ";", "--", "' OR 1=1 --", "'; DROP TABLE note; --",
            "\u202Egnp.exe", "😀🚀", "x".repeat(10 * 1024), "%", "_", "\\", "\u0000", "a\u0000b", "null",
            "99999999999999999999999", "{}", "id", "a,b", " ");

    @Test
    void hostileInputNeverCauses5xxAndLeavesDataIntact() {
        AppClient a = admin();
        a.entity(entityDef("note", "uuid", true, field("title", "string", "required", true), field("body", "text"),
                field("n", "int"), field("amount", "decimal", "precision", 2), field("day", "date"),
                field("flag", "boolean"), field("meta", "json"), field("uid", "uuid")));
        a.entity(entityDef("comment", "uuid", true, field("text", "string"), field("note_id", "uuid")));
        a.entity(entityDef("topic", "uuid", true, field("name", "string")));
        a.relation(fkRelation("comments", "one_to_many", "note", "comment", "note_id", "cascade"));
        a.relation(m2mRelation("topics", "note", "topic", "note_topics", "detach"));
        String topic = a.create("topic", map("name", "t")).path("id").asText();
        List<JsonNode> seeded = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            seeded.add(a.create("note", map("title", "seed " + i, "body", "b", "n", i, "amount", 1.25, "day", "2024-01-0" + (i + 1),
                    "flag", true, "meta", map("k", i), "comments", nested(null, map("text", "c" + i)),
                    "topics", nested(null, map("id", topic)))));
        }
        String victim = a.create("note", map("title", "victim")).path("id").asText();
        long notes = a.count("note");
        long comments = a.count("comment");
        long createdOk = 0;

        for (String v : HOSTILE) {
            String e = enc(v);
            // every query parameter
            for (String q : List.of("filter[title]=" + e, "filter[title.like]=" + e, "filter[title.in]=" + e,
                    "filter[body.neq]=" + e, "filter[n]=" + e, "filter[n.in]=" + e, "filter[amount.gt]=" + e,
                    "filter[day.gte]=" + e, "filter[flag]=" + e, "filter[uid]=" + e, "filter[meta]=" + e,
                    "filter[id]=" + e, "filter[comments.text]=" + e, "filter[topics.name.like]=" + e,
                    "filter[" + e + "]=x", "filter[title." + e + "]=x", "filter[comments." + e + "]=x",
                    "sort=" + e, "sort=-" + e, "page=" + e, "per_page=" + e, "include=" + e, e + "=" + e)) {
                Http.Res r = a.get("note?" + q);
                safe(r);
                if (r.status() == 200) {
                    assertThat(r.json().path("meta").path("total").asLong()).as("%s", r).isBetween(0L, notes + createdOk);
                }
            }
            // ids
            safe(a.get("note/" + e));
            safe(a.get("note/" + e + "?include=comments"));
            safe(a.put("note/" + e, map("title", "changed")));
            safe(a.delete("note/" + e));
            safe(a.get(e));
            for (String adminPath : List.of("_admin/users/", "_admin/rules/", "_admin/permissions/", "_admin/state-machines/",
                    "_admin/relations/")) {
                safe(a.get(adminPath + e));
            }
            safe(a.get("_admin/audit-log?entity=" + e + "&record_id=" + e + "&action=" + e + "&user_id=" + e));
            safe(a.get("_admin/audit-log?page=" + e + "&per_page=" + e));
            // every body field: a string where a string goes is stored exactly, anything else is a 4xx
            for (String f : List.of("title", "body", "n", "amount", "day", "flag", "meta", "uid", "id", "deleted_at", v)) {
                Map<String, Object> body = map("title", "hostile");
                body.put(f, v);
                Http.Res r = a.post("note", body);
                safe(r);
                if (r.status() == 201) {
                    createdOk++;
                    if (f.equals("title") || f.equals("body")) {
                        assertThat(r.data().path(f).asText()).isEqualTo(v);
                        assertThat(a.read("note", r.data().path("id").asText()).path(f).asText()).isEqualTo(v);
                    }
                }
                safe(a.put("note/" + victim, body));
            }
            for (Map<String, Object> body : List.of(map("title", "nested", "comments", nested(null, map("text", v))),
                    map("title", "nested", "comments", nested(v, map("text", "x"))),
                    map("title", "nested", "topics", nested(null, map("id", v))),
                    map("title", "nested", "comments", nested(null, map("id", v, "_delete", true))))) {
                if (safe(a.post("note", body)).status() == 201) {
                    createdOk++;
                }
            }
            // admin definitions
            safe(a.post("_admin/entities", entityDef(v, "uuid", true, field("a", "string"))));
            Map<String, Object> badTable = entityDef("okname", "uuid", true, field("a", "string"));
            badTable.put("table", v);
            safe(a.post("_admin/entities", badTable));
            safe(a.post("_admin/entities", entityDef("okname", "uuid", true, field(v, "string"))));
            safe(a.post("_admin/entities", entityDef("okname", "uuid", true, field("a", v))));
            safe(a.post("_admin/relations", fkRelation(v, "one_to_many", "note", "comment", "note_id", "cascade")));
            safe(a.post("_admin/relations", m2mRelation("rel", "note", "topic", v, "detach")));
            safe(a.get("_admin/entities/" + e));
            safe(a.put("_admin/entities/" + e, entityDef("x", "uuid", true, field("a", "string"))));
            safe(a.delete("_admin/relations/" + e));
            safe(a.post("_admin/rules", map("entity", "note", "type", "expression",
                    "definition", map("expression", v))));
            safe(a.post("_admin/permissions", map("entity", "note", "action", "read", "roles", List.of(v),
                    "conditions", List.of(map("field", "title", "operator", "eq", "value", v)))));
            safe(a.post("_admin/permissions", map("entity", v, "action", v)));
            // entities that may have been created from a valid-looking name are removed again
            for (JsonNode ent : assertStatus(a.get("_admin/entities"), 200).data()) {
                String name = ent.path("name").asText();
                if (!List.of("note", "comment", "topic").contains(name)) {
                    assertStatus(a.delete("_admin/entities/" + name), 200);
                }
            }
            for (JsonNode rule : assertStatus(a.get("_admin/rules"), 200).data()) {
                assertStatus(a.delete("_admin/rules/" + rule.path("id").asText()), 200);
            }
        }

        // the data is intact: nothing lost, only the hostile strings accepted as data were added
        assertThat(a.count("note")).isEqualTo(notes + createdOk);
        assertThat(a.count("comment")).isGreaterThanOrEqualTo(comments);
        assertThat(a.count("topic")).isEqualTo(1);
        for (JsonNode s : seeded) {
            JsonNode now = a.read("note", s.path("id").asText() + "?include=comments,topics");
            for (String f : List.of("title", "body", "n", "amount", "day", "flag", "meta")) {
                assertThat(now.path(f)).as(f).isEqualTo(s.path(f));
            }
            assertThat(now.path("comments").size()).isEqualTo(1);
            assertThat(now.path("topics").size()).isEqualTo(1);
        }
        assertThat(column(a.list("_admin/entities", ""), "name")).containsExactly("comment", "note", "topic");
        assertStatus(http.get("health", null), 200);
    }
}
