package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.assertError;
import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static dev.rocket.it.support.AppClient.column;
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
import dev.rocket.it.support.RocketItBase;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Nested writes: modes × relation types, depth, foreign rows, rollback, audit, concurrency (SPEC §6, issue 4). */
class NestedWritesIT extends RocketItBase {

    private AppClient admin() {
        String app = newApp();
        return new AppClient(http, app, appAdminToken(app));
    }

    /**
     * order —lines(o2m, cascade)→ line —parts(o2m, cascade, default mode replace)→ part;
     * order —invoice(o2o, cascade)→ invoice; order —labels(m2m, detach)→ label. part.name is unique and
     * at most 10 characters long (a field rule, checked while writing, inside the transaction).
     */
    private AppClient shop() {
        AppClient a = admin();
        a.entity(entityDef("order", "uuid", true, field("ref", "string", "required", true)));
        a.entity(entityDef("line", "uuid", true, field("order_id", "uuid", "required", true),
                field("sku", "string", "required", true), field("qty", "int")));
        a.entity(entityDef("part", "uuid", false, field("line_id", "uuid", "required", true),
                field("name", "string", "required", true, "unique", true)));
        a.entity(entityDef("invoice", "uuid", true, field("order_id", "uuid"), field("number", "string", "required", true)));
        a.entity(entityDef("label", "uuid", true, field("name", "string")));
        a.relation(fkRelation("lines", "one_to_many", "order", "line", "order_id", "cascade"));
        Map<String, Object> parts = fkRelation("parts", "one_to_many", "line", "part", "line_id", "cascade");
        parts.put("write_mode", "replace");
        a.relation(parts);
        a.relation(fkRelation("invoice", "one_to_one", "order", "invoice", "order_id", "cascade"));
        a.relation(m2mRelation("labels", "order", "label", "order_labels", "detach"));
        a.rule(map("entity", "part", "hook", "before_write", "type", "field",
                "definition", map("field", "name", "operator", "max_length", "value", 10)));
        return a;
    }

    private static String id(JsonNode n) {
        return n.path("id").asText();
    }

    /** The lines of an order (re-read), as "sku:qty" sorted by sku. */
    private static List<String> lines(AppClient a, String order) {
        List<String> out = new ArrayList<>();
        a.read("order", order + "?include=lines").path("lines").forEach(l -> {
            assertThat(l.path("order_id").asText()).isEqualTo(order);
            out.add(l.path("sku").asText() + ":" + l.path("qty").asText());
        });
        out.sort(null);
        return out;
    }

    private static String lineId(JsonNode order, String sku) {
        for (JsonNode l : order.path("lines")) {
            if (l.path("sku").asText().equals(sku)) {
                return id(l);
            }
        }
        throw new AssertionError("no line " + sku + " in " + order);
    }

    private JsonNode orderWithLines(AppClient a, String ref, String... skus) {
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < skus.length; i++) {
            rows.add(map("sku", skus[i], "qty", i + 1));
        }
        return a.create("order", map("ref", ref, "lines", map("data", rows)));
    }

    // ================================================================ one_to_many

    @Test
    void oneToManyDiff() {
        AppClient a = shop();
        JsonNode o = orderWithLines(a, "R1", "a", "b", "c");
        assertThat(o.path("lines").size()).isEqualTo(3);
        o.path("lines").forEach(l -> assertThat(l.path("order_id").asText()).isEqualTo(id(o)));
        JsonNode other = orderWithLines(a, "R2", "x");

        JsonNode u = a.update("order", id(o), map("lines", nested("diff",
                map("id", lineId(o, "a"), "qty", 10),
                map("sku", "d", "qty", 4, "order_id", id(other)),
                map("id", lineId(o, "b"), "_delete", true))));
        assertThat(column(u.path("lines"), "sku")).containsExactlyInAnyOrder("a", "c", "d");
        assertThat(lines(a, id(o))).containsExactly("a:10", "c:3", "d:4");
        assertThat(lines(a, id(other))).containsExactly("x:1");
        assertError(a.get("line/" + lineId(o, "b")), 404, "NOT_FOUND");
        assertThat(a.count("line")).isEqualTo(4);
    }

    @Test
    void oneToManyReplace() {
        AppClient a = shop();
        JsonNode o = orderWithLines(a, "R1", "a", "b", "c");
        JsonNode other = orderWithLines(a, "R2", "x");
        JsonNode u = a.update("order", id(o), map("lines", nested("replace",
                map("id", lineId(o, "a"), "qty", 10),
                map("sku", "d", "qty", 4),
                map("id", lineId(o, "b"), "_delete", true))));
        assertThat(column(u.path("lines"), "sku")).containsExactlyInAnyOrder("a", "d");
        assertThat(lines(a, id(o))).containsExactly("a:10", "d:4");
        assertThat(lines(a, id(other))).containsExactly("x:1");
        assertError(a.get("line/" + lineId(o, "b")), 404, "NOT_FOUND");
        assertError(a.get("line/" + lineId(o, "c")), 404, "NOT_FOUND");
        // replace with an empty list removes every child
        a.update("order", id(o), map("lines", nested("replace")));
        assertThat(lines(a, id(o))).isEmpty();
        assertThat(lines(a, id(other))).containsExactly("x:1");
    }

    @Test
    void oneToManyAppend() {
        AppClient a = shop();
        JsonNode o = orderWithLines(a, "R1", "a", "b");
        JsonNode u = a.update("order", id(o), map("lines", nested("append",
                map("id", lineId(o, "a"), "qty", 99),
                map("sku", "c", "qty", 3),
                map("id", lineId(o, "b"), "_delete", true))));
        assertThat(column(u.path("lines"), "sku")).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(lines(a, id(o))).containsExactly("a:1", "b:2", "c:3");
    }

    // ================================================================ one_to_one

    @Test
    void oneToOneInEveryMode() {
        AppClient a = shop();
        JsonNode o = a.create("order", map("ref", "R1", "invoice", nested(null, map("number", "I1"))));
        assertThat(o.path("invoice").isObject()).as("%s", o).isTrue();
        assertThat(o.path("invoice").path("number").asText()).isEqualTo("I1");
        assertThat(o.path("invoice").path("order_id").asText()).isEqualTo(id(o));
        String i1 = id(o.path("invoice"));

        // diff: update the one row
        JsonNode u = a.update("order", id(o), map("invoice", nested("diff", map("id", i1, "number", "I1b"))));
        assertThat(u.path("invoice").path("number").asText()).isEqualTo("I1b");
        // diff: a second live row → 422, nothing changed
        Http.Res two = assertError(a.put("order/" + id(o), map("ref", "changed",
                "invoice", nested("diff", map("number", "I2")))), 422, "VALIDATION_FAILED");
        assertThat(two.json().path("error").path("details").get(0).path("relation").asText()).isEqualTo("invoice");
        assertThat(a.count("invoice")).isEqualTo(1);
        assertThat(a.read("order", id(o)).path("ref").asText()).isEqualTo("R1");
        // diff: delete the old one and add a new one in one request
        u = a.update("order", id(o), map("invoice", nested("diff", map("id", i1, "_delete", true), map("number", "I2"))));
        assertThat(u.path("invoice").path("number").asText()).isEqualTo("I2");
        String i2 = id(u.path("invoice"));
        assertError(a.get("invoice/" + i1), 404, "NOT_FOUND");
        // replace: the new row replaces the old one
        u = a.update("order", id(o), map("invoice", nested("replace", map("number", "I3"))));
        assertThat(u.path("invoice").path("number").asText()).isEqualTo("I3");
        assertError(a.get("invoice/" + i2), 404, "NOT_FOUND");
        assertThat(a.count("invoice")).isEqualTo(1);
        String i3 = id(u.path("invoice"));
        // append: a row with a key is ignored, a new row would make two → 422
        u = a.update("order", id(o), map("invoice", nested("append", map("id", i3, "number", "ignored"))));
        assertThat(u.path("invoice").path("number").asText()).isEqualTo("I3");
        assertError(a.put("order/" + id(o), map("invoice", nested("append", map("number", "I4")))), 422, "VALIDATION_FAILED");
        assertThat(a.read("order", id(o) + "?include=invoice").path("invoice").path("number").asText()).isEqualTo("I3");
        assertThat(a.count("invoice")).isEqualTo(1);

        // two rows in one payload → 422, on create and update, nothing written
        for (String mode : List.of("diff", "replace", "append")) {
            Http.Res r = assertError(a.post("order", map("ref", "R2",
                    "invoice", nested(mode, map("number", "A"), map("number", "B")))), 422, "VALIDATION_FAILED");
            assertThat(r.json().path("error").path("details").toString()).contains("invoice");
            assertError(a.put("order/" + id(o), map("invoice", nested(mode, map("number", "A"), map("number", "B")))),
                    422, "VALIDATION_FAILED");
        }
        assertThat(a.count("order")).isEqualTo(1);
        assertThat(a.count("invoice")).isEqualTo(1);
    }

    // ================================================================ many_to_many

    @Test
    void manyToManyInEveryMode() {
        AppClient a = shop();
        String[] l = new String[5];
        for (int i = 1; i <= 4; i++) {
            l[i] = id(a.create("label", map("name", "L" + i)));
        }
        JsonNode o = a.create("order", map("ref", "R1", "labels", nested(null, map("id", l[1]), map("id", l[2]))));
        assertThat(column(o.path("labels"), "name")).containsExactlyInAnyOrder("L1", "L2");
        JsonNode other = a.create("order", map("ref", "R2", "labels", nested(null, map("id", l[1]))));
        String path = "order/" + id(o);

        JsonNode u = a.update("order", id(o), map("labels", nested("diff", map("id", l[3]), map("id", l[1], "_delete", true))));
        assertThat(column(u.path("labels"), "name")).containsExactlyInAnyOrder("L2", "L3");
        u = a.update("order", id(o), map("labels", nested("replace", map("id", l[4]), map("id", l[2]), map("id", l[2]))));
        assertThat(column(u.path("labels"), "name")).containsExactlyInAnyOrder("L2", "L4");
        u = a.update("order", id(o), map("labels", nested("replace", map("id", l[4]), map("id", l[2], "_delete", true))));
        assertThat(column(u.path("labels"), "name")).containsExactlyInAnyOrder("L4");
        u = a.update("order", id(o), map("labels", nested("append", map("id", l[1]), map("id", l[4], "_delete", true),
                map("id", l[4]))));
        assertThat(column(u.path("labels"), "name")).containsExactlyInAnyOrder("L1", "L4");
        // targets are never modified; rows without an id are skipped
        u = a.update("order", id(o), map("labels", nested("diff", map("id", l[1], "name", "renamed"), map("name", "new"))));
        assertThat(column(u.path("labels"), "name")).containsExactlyInAnyOrder("L1", "L4");
        assertThat(a.count("label")).isEqualTo(4);
        // a link to nothing is refused and changes nothing
        Http.Res r = assertError(a.put(path, map("labels", nested("replace",
                map("id", "00000000-0000-0000-0000-000000000001")))), 422, "VALIDATION_FAILED");
        assertThat(r.json().path("error").path("details").get(0).path("relation").asText()).isEqualTo("labels");
        assertThat(r.json().path("error").path("details").get(0).path("index").asInt()).isEqualTo(0);
        assertThat(column(a.read("order", id(o) + "?include=labels").path("labels"), "name"))
                .containsExactlyInAnyOrder("L1", "L4");
        // the other order's links were never touched
        assertThat(column(a.read("order", id(other) + "?include=labels").path("labels"), "name")).containsExactly("L1");
    }

    // ================================================================ depth

    @Test
    void depthThreeWithKeyPropagationAtEveryLevel() {
        AppClient a = shop();
        JsonNode decoy = orderWithLines(a, "D", "z");
        JsonNode o = a.create("order", map("ref", "R1", "lines", nested(null,
                map("sku", "a", "order_id", id(decoy), "parts", nested(null, map("name", "p1"), map("name", "p2", "line_id", lineId(decoy, "z")))),
                map("sku", "b", "parts", nested(null, map("name", "p3"))))));
        String la = lineId(o, "a");
        String lb = lineId(o, "b");
        JsonNode partsA = a.read("line", la + "?include=parts").path("parts");
        assertThat(column(partsA, "name")).containsExactlyInAnyOrder("p1", "p2");
        assertThat(column(partsA, "line_id")).containsOnly(la);
        assertThat(column(a.read("line", lb + "?include=parts").path("parts"), "name")).containsExactly("p3");
        assertThat(lines(a, id(decoy))).containsExactly("z:1");
        assertThat(a.read("line", lineId(decoy, "z") + "?include=parts").path("parts").size()).isZero();

        // update through two levels; parts default to replace (the relation's write_mode)
        String p1 = null;
        for (JsonNode p : partsA) {
            if (p.path("name").asText().equals("p1")) {
                p1 = id(p);
            }
        }
        a.update("order", id(o), map("lines", nested("diff",
                map("id", la, "qty", 7, "parts", nested(null, map("id", p1, "name", "p1b"), map("name", "p4"))),
                map("sku", "c", "parts", nested(null, map("name", "p5"))))));
        assertThat(column(a.read("line", la + "?include=parts").path("parts"), "name")).containsExactlyInAnyOrder("p1b", "p4");
        assertThat(a.read("line", la).path("qty").asInt()).isEqualTo(7);
        assertThat(column(a.read("line", lb + "?include=parts").path("parts"), "name")).containsExactly("p3");
        assertThat(a.count("part")).isEqualTo(4);
        JsonNode c = a.list("line", "filter[sku]=c&include=parts").path("data").get(0);
        assertThat(c.path("order_id").asText()).isEqualTo(id(o));
        assertThat(c.path("parts").get(0).path("line_id").asText()).isEqualTo(id(c));
    }

    // ================================================================ foreign rows

    @Test
    void rowsOfAnotherParentCannotBeTouched() {
        AppClient a = shop();
        JsonNode mine = a.create("order", map("ref", "MINE", "lines", nested(null, map("sku", "m", "qty", 1,
                "parts", nested(null, map("name", "mp")))), "invoice", nested(null, map("number", "IM"))));
        JsonNode theirs = a.create("order", map("ref", "THEIRS", "lines", nested(null, map("sku", "t", "qty", 1,
                "parts", nested(null, map("name", "tp")))), "invoice", nested(null, map("number", "IT"))));
        String myLine = lineId(mine, "m");
        String theirLine = lineId(theirs, "t");
        String theirPart = id(a.read("line", theirLine + "?include=parts").path("parts").get(0));
        String theirInvoice = id(theirs.path("invoice"));
        String path = "order/" + id(mine);
        for (String mode : List.of("diff", "replace")) {
            for (Map<String, Object> row : List.of(map("id", theirLine, "qty", 99), map("id", theirLine, "_delete", true))) {
                Http.Res r = a.put(path, map("ref", "MINE2", "lines", nested(mode, map("sku", "new"), row)));
                assertThat(r.status()).as("%s", r).isBetween(400, 499);
            }
            Http.Res r = a.put(path, map("lines", nested("diff", map("id", myLine,
                    "parts", nested(mode, map("id", theirPart, "_delete", true))))));
            assertThat(r.status()).as("%s", r).isBetween(400, 499);
            r = a.put(path, map("lines", nested("diff", map("id", myLine, "parts", nested(mode, map("id", theirPart, "name", "hacked"))))));
            assertThat(r.status()).as("%s", r).isBetween(400, 499);
            r = a.put(path, map("invoice", nested(mode, map("id", theirInvoice, "_delete", true))));
            assertThat(r.status()).as("%s", r).isBetween(400, 499);
            r = a.put(path, map("invoice", nested(mode, map("id", theirInvoice, "number", "hacked"))));
            assertThat(r.status()).as("%s", r).isBetween(400, 499);
        }
        // a foreign key in a create is no better
        Http.Res r = a.post("order", map("ref", "NEW", "lines", nested("diff", map("id", theirLine, "_delete", true))));
        assertThat(r.status()).as("%s", r).isBetween(400, 499);

        assertThat(lines(a, id(theirs))).containsExactly("t:1");
        assertThat(lines(a, id(mine))).containsExactly("m:1");
        assertThat(a.read("order", id(mine)).path("ref").asText()).isEqualTo("MINE");
        assertThat(column(a.read("line", theirLine + "?include=parts").path("parts"), "name")).containsExactly("tp");
        assertThat(a.read("invoice", theirInvoice).path("number").asText()).isEqualTo("IT");
        assertThat(a.read("invoice", theirInvoice).path("order_id").asText()).isEqualTo(id(theirs));
        assertThat(a.count("order")).isEqualTo(2);
        assertThat(a.count("line")).isEqualTo(2);
        assertThat(a.count("part")).isEqualTo(2);
    }

    // ================================================================ rollback

    private long[] counts(AppClient a) {
        return new long[] {a.count("order"), a.count("line"), a.count("part"), a.count("invoice"), a.auditTotal("")};
    }

    private static JsonNode detail(Http.Res r, String relation) {
        for (JsonNode d : r.json().path("error").path("details")) {
            if (relation == null ? !d.has("relation") : relation.equals(d.path("relation").asText())) {
                return d;
            }
        }
        throw new AssertionError("no detail for relation " + relation + " in " + r);
    }

    @Test
    void anInvalidRowAtAnyDepthRollsBackEveryLevel() {
        AppClient a = shop();
        JsonNode o = a.create("order", map("ref", "R1", "lines", nested(null, map("sku", "a", "qty", 1,
                "parts", nested(null, map("name", "taken"))))));
        long[] before = counts(a);

        // depth 1 (the parent itself)
        Http.Res r = assertError(a.post("order", map("ref", "", "lines", nested(null, map("sku", "ok")))), 422, "VALIDATION_FAILED");
        assertThat(detail(r, null).path("field").asText()).isEqualTo("ref");
        // depth 2, found before any SQL runs
        r = assertError(a.post("order", map("ref", "R2", "lines", nested(null, map("sku", "ok"), map("sku", "x", "qty", "many")))),
                422, "VALIDATION_FAILED");
        JsonNode d = detail(r, "lines");
        assertThat(d.path("index").asInt()).isEqualTo(1);
        assertThat(d.path("field").asText()).isEqualTo("qty");
        assertThat(d.path("rule").asText()).isEqualTo("type");
        // depth 3, found before any SQL runs
        r = assertError(a.post("order", map("ref", "R2", "lines", nested(null, map("sku", "ok"),
                map("sku", "b", "parts", nested(null, map("name", "fine"), map("name", "")))))), 422, "VALIDATION_FAILED");
        d = detail(r, "parts");
        assertThat(d.path("index").asInt()).isEqualTo(1);
        assertThat(d.path("field").asText()).isEqualTo("name");
        assertThat(d.path("rule").asText()).isEqualTo("required");
        // depth 3, found by a rule while writing: the order and both lines were already inserted
        r = assertError(a.post("order", map("ref", "R2", "invoice", nested(null, map("number", "I")),
                "lines", nested(null, map("sku", "ok", "parts", nested(null, map("name", "fine1"))),
                        map("sku", "b", "parts", nested(null, map("name", "fine2"), map("name", "much-too-long")))))),
                422, "VALIDATION_FAILED");
        d = detail(r, "parts");
        assertThat(d.path("index").asInt()).isEqualTo(1);
        assertThat(d.path("field").asText()).isEqualTo("name");
        assertThat(d.path("rule").asText()).isEqualTo("max_length");
        // depth 3, a unique violation in the database while writing → 409, same rollback
        r = assertError(a.post("order", map("ref", "R2", "lines", nested(null, map("sku", "ok"),
                map("sku", "b", "parts", nested(null, map("name", "fresh"), map("name", "taken")))))), 409, "CONFLICT");
        assertThat(r.body()).contains("parts");
        assertThat(counts(a)).containsExactly(before);

        // the same on an update: parent field, line and grandchild changes all undone
        String la = lineId(o, "a");
        r = assertError(a.put("order/" + id(o), map("ref", "CHANGED", "lines", nested("diff",
                map("id", la, "qty", 50, "parts", nested("append", map("name", "ok-part"), map("name", "much-too-long")))))),
                422, "VALIDATION_FAILED");
        assertThat(detail(r, "parts").path("index").asInt()).isEqualTo(1);
        assertThat(a.read("order", id(o)).path("ref").asText()).isEqualTo("R1");
        assertThat(lines(a, id(o))).containsExactly("a:1");
        assertThat(column(a.read("line", la + "?include=parts").path("parts"), "name")).containsExactly("taken");
        assertThat(counts(a)).containsExactly(before);
    }

    @Test
    void unknownWriteModeAndMalformedNestedValuesAre422() {
        AppClient a = shop();
        JsonNode o = orderWithLines(a, "R1", "a");
        long[] before = counts(a);
        Http.Res r = assertError(a.post("order", map("ref", "R2", "lines", nested("merge", map("sku", "x")))), 422, "VALIDATION_FAILED");
        assertThat(r.body()).contains("merge");
        assertError(a.put("order/" + id(o), map("lines", nested("DIFF", map("id", lineId(o, "a"), "_delete", true)))),
                422, "VALIDATION_FAILED");
        assertError(a.put("order/" + id(o), map("lines", nested("", map("sku", "x")))), 422, "VALIDATION_FAILED");
        assertError(a.post("order", map("ref", "R2", "lines", map("_write_mode", 5, "data", List.of()))), 422, "VALIDATION_FAILED");
        assertError(a.post("order", map("ref", "R2", "lines", List.of(map("sku", "x")))), 422, "VALIDATION_FAILED");
        assertError(a.post("order", map("ref", "R2", "lines", map("data", "x"))), 422, "VALIDATION_FAILED");
        assertError(a.post("order", map("ref", "R2", "lines", map("data", List.of("x")))), 422, "VALIDATION_FAILED");
        assertError(a.post("order", map("ref", "R2", "lines", map("data", List.of(), "extra", 1))), 422, "VALIDATION_FAILED");
        assertError(a.post("order", map("ref", "R2", "lines", nested(null, map("sku", "x", "_delete", "yes")))), 422, "VALIDATION_FAILED");
        assertThat(counts(a)).containsExactly(before);
        assertThat(lines(a, id(o))).containsExactly("a:1");
    }

    @Test
    void responsesIncludeTheWrittenRelations() {
        AppClient a = shop();
        String label = id(a.create("label", map("name", "L")));
        JsonNode o = a.create("order", map("ref", "R1", "lines", nested(null, map("sku", "a"), map("sku", "b")),
                "invoice", nested(null, map("number", "I1")), "labels", nested(null, map("id", label))));
        assertThat(column(o.path("lines"), "sku")).containsExactlyInAnyOrder("a", "b");
        assertThat(o.path("invoice").path("number").asText()).isEqualTo("I1");
        assertThat(column(o.path("labels"), "name")).containsExactly("L");
        JsonNode u = a.update("order", id(o), map("labels", nested("replace")));
        assertThat(u.path("labels").isArray()).isTrue();
        assertThat(u.path("labels").size()).isZero();
        assertThat(u.has("lines")).isFalse();
        assertThat(u.has("invoice")).isFalse();
        JsonNode plain = a.create("order", map("ref", "R2"));
        assertThat(plain.has("lines")).isFalse();
    }

    // ================================================================ audit

    private static List<String> auditKeys(JsonNode audit) {
        List<String> out = new ArrayList<>();
        audit.path("data").forEach(r -> out.add(r.path("entity").asText() + ":" + r.path("action").asText() + ":"
                + r.path("record_id").asText()));
        return out;
    }

    @Test
    void auditRowsForEveryRecordWrittenByTheCaller() {
        AppClient a = shop();
        for (String entity : List.of("order", "line", "part", "invoice", "label")) {
            for (String action : List.of("read", "create", "update", "delete")) {
                a.permission(entity, action, List.of("clerk"), List.of());
            }
        }
        String clerkId = a.user("clerk@example.com", "secret-1", List.of("clerk"));
        AppClient clerk = a.as(a.login("clerk@example.com", "secret-1"));
        String label = id(a.create("label", map("name", "L")));
        long start = a.auditTotal("");

        JsonNode o = clerk.create("order", map("ref", "R1", "lines", nested(null, map("sku", "a", "qty", 1),
                map("sku", "b", "qty", 2, "parts", nested(null, map("name", "p")))),
                "invoice", nested(null, map("number", "I1")), "labels", nested(null, map("id", label))));
        String la = lineId(o, "a");
        String lb = lineId(o, "b");
        String inv = id(o.path("invoice"));
        String part = id(clerk.read("line", lb + "?include=parts").path("parts").get(0));
        JsonNode created = a.audit("user_id=" + clerkId);
        assertThat(auditKeys(created)).containsExactlyInAnyOrder("order:create:" + id(o), "line:create:" + la,
                "line:create:" + lb, "part:create:" + part, "invoice:create:" + inv);
        created.path("data").forEach(row -> {
            assertThat(row.path("user_id").asText()).isEqualTo(clerkId);
            assertThat(row.path("created_at").asText()).isNotEmpty();
        });
        JsonNode orderCreate = a.audit("entity=order&action=create&record_id=" + id(o)).path("data");
        assertThat(orderCreate.size()).isEqualTo(1);
        JsonNode refChange = orderCreate.get(0).path("changes").path("ref");
        if (!refChange.isMissingNode()) { // create MAY carry the written values
            assertThat(refChange.path("new").asText()).isEqualTo("R1");
            assertThat(refChange.path("old").isNull()).isTrue();
        }

        // update: the parent, one child updated, one deleted (with its part by cascade)
        clerk.update("order", id(o), map("ref", "R2", "lines", nested("diff", map("id", la, "qty", 7),
                map("id", lb, "_delete", true))));
        JsonNode upd = a.audit("action=update&user_id=" + clerkId);
        assertThat(auditKeys(upd)).containsExactlyInAnyOrder("order:update:" + id(o), "line:update:" + la);
        for (JsonNode row : upd.path("data")) {
            JsonNode expected = row.path("entity").asText().equals("order")
                    ? Http.JSON.valueToTree(map("ref", map("old", "R1", "new", "R2")))
                    : Http.JSON.valueToTree(map("qty", map("old", 1, "new", 7)));
            assertThat(row.path("changes")).as("%s", row).isEqualTo(expected);
        }
        assertThat(auditKeys(a.audit("action=delete"))).containsExactlyInAnyOrder("line:delete:" + lb, "part:delete:" + part);
        JsonNode lineDelete = a.audit("action=delete&entity=line").path("data").get(0);
        assertThat(lineDelete.path("user_id").asText()).isEqualTo(clerkId);

        // delete of the order: its own row and every cascaded child
        assertStatus(clerk.delete("order/" + id(o)), 200);
        assertThat(auditKeys(a.audit("action=delete"))).containsExactlyInAnyOrder("line:delete:" + lb, "part:delete:" + part,
                "order:delete:" + id(o), "line:delete:" + la, "invoice:delete:" + inv);
        long afterAll = a.auditTotal("");
        assertThat(afterAll).isEqualTo(start + 5 + 2 + 2 + 3);

        // a rolled-back request leaves no audit row
        assertError(clerk.post("order", map("ref", "R3", "lines", nested(null, map("sku", "ok"),
                map("sku", "b", "parts", nested(null, map("name", "much-too-long")))))), 422, "VALIDATION_FAILED");
        assertThat(a.auditTotal("")).isEqualTo(afterAll);
        // the audit log is admin only
        assertError(clerk.get("_admin/audit-log"), 403, "FORBIDDEN");
        assertError(a.as(null).get("_admin/audit-log"), 401, "UNAUTHORIZED");
    }

    /**
     * A created record's audit row is written by its own INSERT, its changes built in SQL: they must be what the
     * API answers for the record (every non-null field but deleted_at, old null), for every field type — for a
     * record written alone (one statement in auto-commit) and for one written as a nested child (in a transaction).
     */
    @Test
    void aCreatesAuditRowHoldsTheValuesTheApiAnswers() {
        AppClient a = admin();
        a.entity(entityDef("kind", "uuid", true, field("s", "string"), field("t", "text"), field("i", "int"),
                field("b", "bigint"), field("d", "decimal", "precision", 2), field("n", "decimal"),
                field("f", "boolean"), field("u", "uuid"), field("ts", "timestamp"), field("day", "date"),
                field("j", "json"), field("empty", "string"), field("made", "timestamp", "auto", "create"),
                field("changed", "timestamp", "auto", "update")));
        a.entity(entityDef("box", "uuid", false, field("label", "string")));
        a.relation(fkRelation("kinds", "one_to_many", "box", "kind", "u", "cascade"));
        Map<String, Object> values = map("s", "it's \"quoted\" é", "t", "line\nbreak", "i", -7,
                "b", 9007199254740993L, "d", "12.50", "n", "0.0000001", "f", false,
                "ts", "2024-02-29T10:11:12Z", "day", "2024-02-29",
                "j", map("a", List.of(1, 2.5, map("b", null)), "x", "1.10", "z", true));
        JsonNode alone = a.create("kind", values);
        JsonNode box = a.create("box", map("label", "b1", "kinds", nested(null, values)));
        JsonNode child = box.path("kinds").get(0);
        for (JsonNode record : List.of(alone, child)) {
            JsonNode rows = a.audit("entity=kind&action=create&record_id=" + id(record)).path("data");
            assertThat(rows.size()).isEqualTo(1);
            Map<String, Object> expected = new java.util.LinkedHashMap<>();
            record.fields().forEachRemaining(f -> {
                if (!f.getValue().isNull() && !f.getKey().equals("deleted_at")) {
                    expected.put(f.getKey(), map("old", null, "new", f.getValue()));
                }
            });
            assertThat(expected).containsKeys("s", "t", "i", "b", "d", "n", "f", "ts", "day", "j", "made", "changed");
            assertThat(expected).doesNotContainKey("empty");
            assertThat(rows.get(0).path("changes")).as("%s", record).isEqualTo(Http.JSON.valueToTree(expected));
        }
        assertThat(alone.path("ts").asText()).isEqualTo("2024-02-29T10:11:12.000000Z");
    }

    /**
     * New children go in with one INSERT per relation; when it fails, the write is made again row by row, so the
     * answer names the failing row as it always did, and nothing is written.
     */
    @Test
    void aFailingChildAmongSeveralNewOnesIsNamedByItsIndex() {
        AppClient a = admin();
        a.entity(entityDef("crate", "uuid", false, field("name", "string")));
        a.entity(entityDef("bottle", "uuid", false, field("crate_id", "uuid"),
                field("code", "string", "required", true, "unique", true)));
        a.relation(fkRelation("bottles", "one_to_many", "crate", "bottle", "crate_id", "cascade"));
        JsonNode first = a.create("crate", map("name", "c1", "bottles", nested(null, map("code", "a"), map("code", "b"))));
        assertThat(first.path("bottles").size()).isEqualTo(2);
        long audits = a.auditTotal("");
        Http.Res r = assertError(a.post("crate", map("name", "c2",
                "bottles", nested(null, map("code", "x"), map("code", "y"), map("code", "b")))), 409, "CONFLICT");
        JsonNode d = r.json().path("error").path("details").get(0);
        assertThat(d.path("relation").asText()).as("%s", r).isEqualTo("bottles");
        assertThat(d.path("index").asInt()).as("%s", r).isEqualTo(2);
        assertThat(a.count("crate")).isEqualTo(1);
        assertThat(a.count("bottle")).isEqualTo(2);
        assertThat(a.auditTotal("")).isEqualTo(audits);
    }

    // ================================================================ concurrency

    @Test
    void concurrentNestedCreatesAllSucceed() throws Exception {
        AppClient a = shop();
        int threads = 32;
        int perThread = 50;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        String uri = http.uri(a.target("order")).toString();
        String token = a.token();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger ok = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String body = Http.write(map("ref", "t" + thread + "-" + i, "lines", nested(null,
                                map("sku", "a", "qty", 1), map("sku", "b", "qty", 2), map("sku", "c", "qty", 3))));
                        try {
                            HttpResponse<String> r = client.send(HttpRequest.newBuilder(java.net.URI.create(uri))
                                    .timeout(Duration.ofMinutes(2)).header("Authorization", "Bearer " + token)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 201) {
                                ok.incrementAndGet();
                            } else {
                                failures.add(r.statusCode() + " " + r.body());
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                });
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(5, TimeUnit.MINUTES)).as("all requests done within 5 minutes").isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).as("non-2xx answers").isEmpty();
        assertThat(ok.get()).isEqualTo(threads * perThread);
        assertThat(a.count("order")).isEqualTo(1600);
        assertThat(a.count("line")).isEqualTo(4800);
        assertThat(a.total("line", "filter[sku]=b&filter[qty]=2")).isEqualTo(1600);
        assertThat(a.total("order", "filter[ref]=t31-49")).isEqualTo(1);
    }
}
