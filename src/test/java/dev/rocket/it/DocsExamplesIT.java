package dev.rocket.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocket.it.support.Http;
import dev.rocket.it.support.RocketItBase;
import java.io.IOException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs every request example of {@code docs/*.md} against the server, page by page, each page in a fresh app,
 * blocks in the order they appear. The format (docs/README.md#examples):
 *
 * <pre>
 * ```http expect=201 save=BOOK=/data/id
 * POST /api/shop/book
 * Authorization: Bearer $TOKEN
 *
 * {"title": "Dune"}
 * ```
 * ```json response
 * {"data": {"id": 1, "title": "Dune"}}
 * ```
 * </pre>
 *
 * {@code expect} is the status the request must get (required); a {@code json response} block right after it
 * must be contained in the answer (objects: the keys shown, with those values; arrays: the same length, item by
 * item; the string {@code "…"} stands for any value). {@code save=NAME=/json/pointer} keeps a value of the answer
 * as {@code $NAME} for later blocks; {@code wait} retries for up to 15 s (work done after commit, such as
 * workflows). {@code $TOKEN} is the app admin's access token, {@code $PLATFORM_TOKEN} the platform admin's; the
 * app {@code shop} is replaced by the page's own app.
 */
class DocsExamplesIT extends RocketItBase {
    private static final Pattern FENCE = Pattern.compile("^```(\\S*)(.*)$");
    private static final Pattern SHOP_PATH = Pattern.compile("(/api/(?:_platform/apps/)?)shop(?![a-z0-9_-])");
    private static final Pattern VAR = Pattern.compile("\\$([A-Z][A-Z0-9_]*)");

    record Example(String page, int line, String attrs, String request, String response) {
    }

    static List<Example> examples(Path page) throws IOException {
        List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = FENCE.matcher(lines.get(i));
            if (!m.matches() || !m.group(1).equals("http")) {
                if (m.matches()) {
                    i = closing(lines, i); // skip other fenced blocks whole
                }
                continue;
            }
            int end = closing(lines, i);
            String request = String.join("\n", lines.subList(i + 1, end));
            String attrs = m.group(2).trim();
            String response = null;
            int next = end + 1;
            while (next < lines.size() && lines.get(next).isBlank()) {
                next++;
            }
            if (next < lines.size() && lines.get(next).trim().equals("```json response")) {
                int rEnd = closing(lines, next);
                response = String.join("\n", lines.subList(next + 1, rEnd));
                end = rEnd;
            }
            out.add(new Example(page.getFileName().toString(), i + 1, attrs, request, response));
            i = end;
        }
        return out;
    }

    private static int closing(List<String> lines, int open) {
        for (int j = open + 1; j < lines.size(); j++) {
            if (lines.get(j).startsWith("```")) {
                return j;
            }
        }
        throw new IllegalStateException("unclosed code block at line " + (open + 1));
    }

    @Test
    void everyRequestInTheDocsRunsAsWritten() throws IOException {
        Path docs = Path.of("docs");
        List<Path> pages;
        try (Stream<Path> s = Files.list(docs)) {
            pages = s.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        List<String> failures = new ArrayList<>();
        int total = 0;
        for (Path page : pages) {
            List<Example> examples = examples(page);
            if (examples.isEmpty()) {
                continue;
            }
            total += examples.size();
            runPage(examples, failures);
        }
        assertThat(failures).as("docs examples that did not run as written").isEmpty();
        assertThat(total).as("request examples found in docs/").isGreaterThan(50);
    }

    private void runPage(List<Example> examples, List<String> failures) {
        String app = randomAppName();
        deleteAfterTest(app);
        boolean createsApp = examples.stream().anyMatch(e -> e.request().startsWith("POST /api/_platform/apps\n"));
        if (!createsApp) {
            assertThat(http.post("api/_platform/apps", platformToken(), Map.of("name", app)).status()).isEqualTo(201);
        }
        Map<String, String> vars = new HashMap<>();
        vars.put("PLATFORM_TOKEN", platformToken());
        for (Example ex : examples) {
            String where = ex.page() + ":" + ex.line();
            try {
                String failure = run(ex, app, vars);
                if (failure != null) {
                    failures.add(where + " " + failure);
                    return; // later blocks of the page build on this one
                }
            } catch (RuntimeException e) {
                failures.add(where + " " + e);
                return;
            }
        }
    }

    private String run(Example ex, String app, Map<String, String> vars) {
        Map<String, String> attrs = new LinkedHashMap<>();
        List<String[]> saves = new ArrayList<>();
        for (String a : ex.attrs().split("\\s+")) {
            if (a.isEmpty()) {
                continue;
            }
            int eq = a.indexOf('=');
            String k = eq < 0 ? a : a.substring(0, eq);
            String v = eq < 0 ? "" : a.substring(eq + 1);
            if (k.equals("save")) {
                int eq2 = v.indexOf('=');
                saves.add(new String[]{v.substring(0, eq2), v.substring(eq2 + 1)});
            } else {
                attrs.put(k, v);
            }
        }
        if (!attrs.containsKey("expect")) {
            return "has no expect=STATUS";
        }
        int expect = Integer.parseInt(attrs.get("expect"));
        String text = ex.request();
        int blank = text.indexOf("\n\n");
        String head = blank < 0 ? text : text.substring(0, blank);
        String body = blank < 0 ? null : text.substring(blank + 2);
        String[] headLines = head.split("\n");
        String[] start = headLines[0].trim().split(" ", 2);
        String method = start[0];
        String target = substitute(start[1].trim(), app, vars)
                .replace("[", "%5B").replace("]", "%5D").replace(" ", "%20");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < headLines.length; i++) {
            String h = headLines[i];
            int colon = h.indexOf(':');
            headers.put(h.substring(0, colon).trim(), substitute(h.substring(colon + 1).trim(), app, vars));
        }
        if (headers.containsValue("Bearer $TOKEN") || head.contains("$TOKEN")) {
            vars.computeIfAbsent("TOKEN", k -> appAdminToken(app));
            headers.replaceAll((k, v) -> substitute(v, app, vars));
        }
        String sendBody = null;
        if (body != null && !body.isBlank()) {
            sendBody = substitute(body, app, vars);
            String type = headers.get("Content-Type");
            if (type == null) {
                headers.put("Content-Type", "application/json");
            } else if (type.startsWith("multipart/")) {
                sendBody = sendBody.replace("\n", "\r\n");
            }
        }
        long deadline = System.currentTimeMillis() + (attrs.containsKey("wait") ? 15_000 : 0);
        while (true) {
            Http.Res res = http.raw(method, target.startsWith("/") ? target.substring(1) : target, headers,
                    sendBody == null ? null : BodyPublishers.ofString(sendBody, StandardCharsets.UTF_8));
            String problem = check(res, expect, ex.response() == null ? null : substitute(ex.response(), app, vars));
            if (problem == null) {
                for (String[] s : saves) {
                    JsonNode v = res.json().at(s[1]);
                    if (v.isMissingNode()) {
                        return "nothing at " + s[1] + " to save in " + res.body();
                    }
                    vars.put(s[0], v.asText());
                }
                return null;
            }
            if (System.currentTimeMillis() > deadline) {
                return method + " " + target + ": " + problem;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }
    }

    private static String check(Http.Res res, int expect, String response) {
        if (res.status() != expect) {
            return "expected status " + expect + ", got " + res.status() + " " + res.body();
        }
        if (response == null) {
            return null;
        }
        JsonNode want;
        try {
            want = Http.JSON.readTree(response);
        } catch (IOException e) {
            return "the response block is not JSON: " + e.getMessage();
        }
        String mismatch = contained(want, res.json(), "");
        return mismatch == null ? null : mismatch + " in " + res.body();
    }

    /** Null when {@code want} is contained in {@code got}, else where they differ. */
    static String contained(JsonNode want, JsonNode got, String at) {
        if (want.isTextual() && want.asText().equals("…")) {
            return got == null || got.isMissingNode() ? "missing " + at : null;
        }
        if (got == null || got.isMissingNode()) {
            return "missing " + at;
        }
        if (want.isObject()) {
            if (!got.isObject()) {
                return "not an object at " + at;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String m = contained(e.getValue(), got.get(e.getKey()), at + "/" + e.getKey());
                if (m != null) {
                    return m;
                }
            }
            return null;
        }
        if (want.isArray()) {
            if (!got.isArray() || got.size() != want.size()) {
                return "expected " + want.size() + " items at " + at;
            }
            for (int i = 0; i < want.size(); i++) {
                String m = contained(want.get(i), got.get(i), at + "/" + i);
                if (m != null) {
                    return m;
                }
            }
            return null;
        }
        if (want.isNumber() && got.isNumber()) {
            return want.decimalValue().compareTo(got.decimalValue()) == 0 ? null : "expected " + want + " at " + at + ", got " + got;
        }
        return want.equals(got) ? null : "expected " + want + " at " + at + ", got " + got;
    }

    private static String substitute(String s, String app, Map<String, String> vars) {
        String out = SHOP_PATH.matcher(s).replaceAll("$1" + app).replace("\"shop\"", "\"" + app + "\"");
        Matcher m = VAR.matcher(out);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = vars.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? m.group() : v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
