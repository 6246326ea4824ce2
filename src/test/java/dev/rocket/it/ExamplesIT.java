package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.assertError;
import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocket.it.support.Http;
import dev.rocket.it.support.RocketItBase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every example of {@code examples/} imported into a fresh app and walked over HTTP, step by step as its
 * {@code walkthrough.json} says (the same steps {@code examples/walkthrough.py run} sends); and
 * {@code examples/README.md} shows each step's curl command exactly as rendered from that file, so the
 * page and the test cannot drift apart.
 */
class ExamplesIT extends RocketItBase {
    private static final Path EXAMPLES = Path.of("examples");
    private static final List<String> ALL = List.of("helpdesk", "cms", "leave", "orders", "crm");
    private static final Pattern VAR = Pattern.compile("\\{([A-Z][A-Z0-9_]*)\\}");

    @Test
    void helpdesk() {
        walk("helpdesk");
    }

    @Test
    void contentManagement() {
        walk("cms");
    }

    @Test
    void leaveManagement() {
        walk("leave");
    }

    @Test
    void orders() {
        walk("orders");
    }

    @Test
    void crm() {
        walk("crm");
    }

    /** Every example webhook or webhook action targets this machine, and every webhook ships inactive. */
    @Test
    void exampleWebhooksStayOnThisMachineAndShipInactive() {
        int hooks = 0;
        for (String name : ALL) {
            JsonNode doc = json(read(EXAMPLES.resolve(name).resolve("schema.json")));
            for (JsonNode w : doc.path("webhooks")) {
                hooks++;
                assertThat(w.path("active").isBoolean() && !w.path("active").asBoolean()).as("%s webhook %s active", name, w).isTrue();
            }
            List<String> urls = new ArrayList<>();
            collectUrls(doc, urls);
            for (String url : urls) {
                assertThat(URI.create(url).getHost()).as("%s: %s", name, url).isEqualTo("127.0.0.1");
            }
        }
        assertThat(hooks).as("webhooks in the examples").isPositive();
    }

    /** {@code ?dry_run=true}: what would be created, skipped and rejected; nothing changes. */
    @Test
    void importDryRunAnswersCreateSkipRejectAndChangesNothing() {
        String app = newApp();
        String admin = appAdminToken(app);
        String base = "api/" + app + "/_admin/";
        Map<String, Object> note = entity("note");
        assertStatus(http.post(base + "import", admin, Map.of("version", 1, "entities", List.of(note))), 200);

        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("version", 1);
        doc.put("entities", List.of(note, entity("label")));
        doc.put("relations", List.of(
                Map.of("name", "note_labels", "type", "one_to_many", "source", "note", "target", "label",
                        "source_key", "id", "target_key", "note_id", "ownership", "source", "on_delete", "cascade"),
                Map.of("name", "ghosts", "type", "one_to_many", "source", "note", "target", "ghost",
                        "source_key", "id", "target_key", "note_id", "ownership", "source", "on_delete", "cascade")));
        doc.put("sample_data", Map.of("label", List.of(Map.of("id", "5a000000-0000-4000-8000-000000000001", "title", "a"),
                Map.of("id", "5a000000-0000-4000-8000-000000000002", "title", "b"))));

        Http.Res dry = assertStatus(http.post(base + "import?dry_run=true", admin, doc), 200);
        JsonNode d = dry.data();
        assertThat(d.path("dry_run").asBoolean()).isTrue();
        assertThat(d.path("valid").asBoolean()).as("%s", dry).isFalse();
        assertThat(d.at("/create/entities").toString()).isEqualTo("[\"label\"]");
        assertThat(d.at("/skip/entities").toString()).isEqualTo("[\"note\"]");
        assertThat(d.at("/create/relations").toString()).isEqualTo("[\"note_labels\"]");
        assertThat(d.at("/create/records").toString()).isEqualTo("[{\"name\":\"label\",\"rows\":2}]");
        assertThat(d.at("/summary/entities").asInt()).isEqualTo(1);
        assertThat(d.at("/summary/records").asInt()).isEqualTo(2);
        assertThat(d.path("reject")).hasSize(1);
        assertThat(d.at("/reject/0/section").asText()).isEqualTo("relations");
        assertThat(d.at("/reject/0/item").asText()).isEqualTo("ghosts");
        assertThat(d.at("/reject/0/message").asText()).isEqualTo("target entity not found: ghost");

        // nothing changed: one entity, no relation, no label table rows (the entity does not even exist)
        assertThat(assertStatus(http.get(base + "entities", admin), 200).data()).hasSize(1);
        assertThat(assertStatus(http.get(base + "relations", admin), 200).data()).isEmpty();
        assertError(http.get("api/" + app + "/label", admin), 404, "UNKNOWN_ENTITY");

        // without the bad relation the dry run is valid, and the real import then does just what it said
        doc.put("relations", List.of(((List<?>) doc.get("relations")).get(0)));
        JsonNode ok = assertStatus(http.post(base + "import?dry_run=true", admin, doc), 200).data();
        assertThat(ok.path("valid").asBoolean()).isTrue();
        assertThat(ok.path("reject")).isEmpty();
        JsonNode done = assertStatus(http.post(base + "import", admin, doc), 200).data();
        assertThat(done.path("summary")).isEqualTo(ok.path("summary"));
        assertThat(assertStatus(http.get("api/" + app + "/label", admin), 200).data()).hasSize(2);

        // a re-import would skip everything, sample rows (with their fixed ids) included
        JsonNode again = assertStatus(http.post(base + "import?dry_run=true", admin, doc), 200).data();
        assertThat(again.at("/skip/entities").toString()).isEqualTo("[\"note\",\"label\"]");
        assertThat(again.at("/summary/records").asInt()).isZero();
        assertThat(again.at("/skip/records").toString()).isEqualTo("[{\"name\":\"label\",\"rows\":2}]");

        assertError(http.post(base + "import?dry_run=maybe", admin, doc), 422, "VALIDATION_FAILED");
        String user = login(app, createUser(app, admin, "u@example.com", "secret-pw", List.of("clerk")).path("email").asText(),
                "secret-pw").access();
        assertError(http.post(base + "import?dry_run=true", user, doc), 403, "FORBIDDEN");
    }

    private static Map<String, Object> entity(String name) {
        return Map.of("name", name, "table", name + "s", "primary_key", Map.of("field", "id", "type", "uuid", "generated", true),
                "fields", List.of(Map.of("name", "id", "type", "uuid"), Map.of("name", "title", "type", "string"),
                        Map.of("name", "note_id", "type", "uuid")));
    }

    private static void collectUrls(JsonNode n, List<String> out) {
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("url") && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                } else {
                    collectUrls(e.getValue(), out);
                }
            }
        } else if (n.isArray()) {
            n.forEach(x -> collectUrls(x, out));
        }
    }

    // ---- the walk --------------------------------------------------------------------------------

    private void walk(String name) {
        JsonNode walkthrough = json(read(EXAMPLES.resolve(name).resolve("walkthrough.json")));
        String readme = read(EXAMPLES.resolve("README.md"));
        String app = newApp();
        Map<String, String> saved = new HashMap<>();
        saved.put("ADMIN", appAdminToken(app));
        int i = 0;
        for (JsonNode step : walkthrough.path("steps")) {
            i++;
            String label = name + " step " + i + " (" + step.path("say").asText() + ")";
            assertThat(readme).as("examples/README.md shows %s as rendered from walkthrough.json", label)
                    .contains(curl(name, step));
            Http.Res res = send(name, app, step, saved);
            JsonNode expect = step.path("expect");
            long deadline = System.nanoTime() + (expect.path("poll").asBoolean() ? 15_000_000_000L : 0);
            List<String> problems = problems(expect, res);
            while (!problems.isEmpty() && System.nanoTime() < deadline) {
                sleep();
                res = send(name, app, step, saved);
                problems = problems(expect, res);
            }
            assertThat(problems).as("%s: %s", label, res).isEmpty();
            for (Iterator<Map.Entry<String, JsonNode>> it = step.path("save").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> s = it.next();
                JsonNode v = pick(res.json(), s.getValue().asText());
                assertThat(v.isMissingNode() || v.isNull()).as("%s saves %s", label, s.getKey()).isFalse();
                saved.put(s.getKey(), v.asText());
            }
        }
        assertThat(i).as("steps of %s", name).isGreaterThan(10);

        // the example's API description, as its admin gets it, is valid OpenAPI 3.1 and names every entity
        JsonNode doc = assertStatus(http.get("api/" + app + "/_openapi", saved.get("ADMIN")), 200).json();
        OpenApiIT.validate(doc);
        JsonNode entities = assertStatus(http.get("api/" + app + "/_admin/entities", saved.get("ADMIN")), 200).data();
        assertThat(entities).as("entities of %s", name).isNotEmpty();
        for (JsonNode e : entities) {
            assertThat(doc.path("paths").has("/" + e.path("name").asText()))
                    .as("%s's OpenAPI document has a path for entity %s", name, e.path("name").asText()).isTrue();
        }
    }

    private Http.Res send(String example, String app, JsonNode step, Map<String, String> saved) {
        // raw [ ] in a query need relaxedQueryChars, which the deployments set but the test Tomcat does not
        String path = substitute(step.path("path").asText(), saved).replace("[", "%5B").replace("]", "%5D");
        path = path.startsWith("/api/") ? path.substring(1) : "api/" + app + path;
        String method = step.path("method").asText("GET");
        String token = step.hasNonNull("as") ? saved.get(step.path("as").asText()) : null;
        if (step.hasNonNull("file")) {
            return upload(path, token, EXAMPLES.resolve(example).resolve(step.path("file").asText()));
        }
        JsonNode body = step.path("body");
        if (body.isMissingNode()) {
            return http.send(method, path, token, null);
        }
        String text = body.isTextual() && body.asText().startsWith("@")
                ? read(EXAMPLES.resolve(example).resolve(body.asText().substring(1)))
                : substitute(body.toString(), saved);
        return http.send(method, path, token, text);
    }

    private Http.Res upload(String path, String token, Path file) {
        String boundary = UUID.randomUUID().toString().replace("-", "");
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + file.getFileName() + "\"\r\nContent-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] all = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(content, 0, all, head.length, content.length);
        System.arraycopy(tail, 0, all, head.length + content.length, tail.length);
        return http.raw("POST", path, Map.of("Authorization", "Bearer " + token,
                "Content-Type", "multipart/form-data; boundary=" + boundary), BodyPublishers.ofByteArray(all));
    }

    /** What is wrong with the answer, by the step's expectations (empty = as expected). */
    private static List<String> problems(JsonNode expect, Http.Res res) {
        List<String> out = new ArrayList<>();
        int status = expect.path("status").asInt(200);
        if (res.status() != status) {
            out.add("status " + res.status() + ", expected " + status);
        }
        JsonNode doc = res.body().startsWith("{") ? res.json() : Http.JSON.createObjectNode();
        JsonNode err = doc.path("error");
        if (expect.hasNonNull("code") && !expect.path("code").asText().equals(err.path("code").asText())) {
            out.add("error code " + err.path("code").asText() + ", expected " + expect.path("code").asText());
        }
        List<String> said = new ArrayList<>();
        said.add(err.path("message").asText());
        err.path("details").forEach(x -> said.add(x.path("message").asText()));
        expect.path("messages").forEach(m -> {
            if (!said.contains(m.asText())) {
                out.add("message '" + m.asText() + "' not among " + said);
            }
        });
        for (Iterator<Map.Entry<String, JsonNode>> it = expect.path("data").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode got = pick(doc, "data." + e.getKey());
            if (!same(got, e.getValue())) {
                out.add("data." + e.getKey() + " = " + got + ", expected " + e.getValue());
            }
        }
        if (expect.has("count") && doc.path("data").size() != expect.path("count").asInt()) {
            out.add(doc.path("data").size() + " rows, expected " + expect.path("count").asInt());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = expect.path("lengths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode got = pick(doc, "data." + e.getKey());
            if (!got.isArray() || got.size() != e.getValue().asInt()) {
                out.add("data." + e.getKey() + " = " + got + ", expected " + e.getValue() + " items");
            }
        }
        expect.path("set").forEach(p -> {
            JsonNode got = pick(doc, "data." + p.asText());
            if (got.isMissingNode() || got.isNull() || got.asText().isEmpty()) {
                out.add("data." + p.asText() + " is not set");
            }
        });
        return out;
    }

    private static boolean same(JsonNode got, JsonNode want) {
        if (got.isNumber() && want.isNumber()) {
            return got.decimalValue().compareTo(want.decimalValue()) == 0;
        }
        return got.equals(want);
    }

    private static JsonNode pick(JsonNode doc, String path) {
        JsonNode n = doc;
        for (String part : path.split("\\.")) {
            n = n.isArray() && part.matches("\\d+") ? n.path(Integer.parseInt(part)) : n.path(part);
        }
        return n;
    }

    private static String substitute(String text, Map<String, String> saved) {
        Matcher m = VAR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = saved.get(m.group(1));
            assertThat(v).as("value of {%s}", m.group(1)).isNotNull();
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        return m.appendTail(out).toString();
    }

    // ---- the curl command of a step, as examples/walkthrough.py renders it --------------------------

    static String curl(String example, JsonNode step) {
        String path = step.path("path").asText();
        String url = path.startsWith("/api/") ? path : "/api/$APP" + path;
        url = VAR.matcher(url).replaceAll(m -> Matcher.quoteReplacement("$" + m.group(1)));
        StringBuilder line = new StringBuilder("curl -sg");
        String method = step.path("method").asText("GET");
        if (!method.equals("GET")) {
            line.append(" -X ").append(method);
        }
        line.append(" \"$ROCKET").append(url).append('"');
        if (step.hasNonNull("as")) {
            line.append(" -H \"Authorization: Bearer $").append(step.path("as").asText()).append('"');
        }
        if (step.hasNonNull("file")) {
            line.append(" -F \"file=@examples/").append(example).append('/').append(step.path("file").asText()).append('"');
        } else if (step.has("body")) {
            JsonNode body = step.path("body");
            String arg;
            if (body.isTextual() && body.asText().startsWith("@")) {
                arg = "@examples/" + example + "/" + body.asText().substring(1);
            } else {
                String text = body.toString().replace("'", "'\\''");
                arg = "'" + VAR.matcher(text).replaceAll(m -> Matcher.quoteReplacement("'\"$" + m.group(1) + "\"'")) + "'";
            }
            line.append(" -H 'Content-Type: application/json' -d ").append(arg);
        }
        Iterator<Map.Entry<String, JsonNode>> save = step.path("save").fields();
        if (save.hasNext()) {
            Map.Entry<String, JsonNode> s = save.next();
            StringBuilder jq = new StringBuilder();
            for (String part : s.getValue().asText().split("\\.")) {
                jq.append(part.matches("\\d+") ? "[" + part + "]" : "." + part);
            }
            return s.getKey() + "=$(" + line + " | jq -r '" + jq + "')";
        }
        return line.toString();
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return Http.JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
