package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.assertError;
import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static dev.rocket.it.support.AppClient.entityDef;
import static dev.rocket.it.support.AppClient.field;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocket.it.support.AppClient;
import dev.rocket.it.support.Http;
import dev.rocket.it.support.RocketItBase;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What Rocket sends back stays bounded and safe: error answers carry at most 100 details plus one saying how
 * many were left out; uploaded markup is served as a download, never rendered in the browser.
 */
class BoundedAnswersIT extends RocketItBase {

    @Test
    void sixtyThousandUnknownKeysGetAHundredDetailsAndTheCountOfTheRest() {
        String app = newApp();
        AppClient a = new AppClient(http, app, appAdminToken(app));
        a.entity(entityDef("note", "uuid", false, field("title", "string")));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", "x");
        for (int i = 0; i < 60_000; i++) {
            body.put("k" + i, 0);
        }
        Http.Res r = assertError(a.post("note", body), 422, "VALIDATION_FAILED");
        JsonNode error = r.json().path("error");
        assertThat(error.path("details").size()).isEqualTo(101);
        assertThat(error.path("details").get(0).path("message").asText()).isEqualTo("Unknown field or relation: k0");
        assertThat(error.path("details").get(100).path("message").asText()).isEqualTo("59900 more details omitted");
        assertThat(r.body().length()).isLessThan(20_000);
    }

    @Test
    void longUnknownKeysAreCutInTheAnswer() {
        String app = newApp();
        AppClient a = new AppClient(http, app, appAdminToken(app));
        a.entity(entityDef("note", "uuid", false, field("title", "string")));
        String key = "k".repeat(40_000);
        Http.Res r = assertError(a.post("note", Map.of("title", "x", key, 1)), 422, "VALIDATION_FAILED");
        JsonNode detail = r.json().path("error").path("details").get(0);
        assertThat(detail.path("message").asText()).hasSizeLessThanOrEqualTo(500).endsWith("…");
        assertThat(r.json().path("error").path("details").size()).isEqualTo(1);
        assertThat(r.body().length()).isLessThan(5_000);
    }

    @Test
    void markupUploadsDownloadAsAttachmentsOtherFilesInline() throws Exception {
        String app = newApp();
        String token = appAdminToken(app);
        for (String[] c : new String[][] {
                {"page.html", "text/html", "attachment"},
                {"logo.svg", "image/svg+xml", "attachment"},
                {"doc.xhtml", "application/xhtml+xml", "attachment"},
                {"photo.png", "image/png", "inline"},
                {"notes.txt", "text/plain", "inline"}}) {
            String id = upload(app, token, c[0], c[1], "<html><script>alert(document.cookie)</script></html>");
            HttpResponse<byte[]> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    http.uri("api/" + app + "/_files/" + id)).header("Authorization", "Bearer " + token).build(),
                    BodyHandlers.ofByteArray());
            assertThat(res.statusCode()).isEqualTo(200);
            assertThat(res.headers().firstValue("Content-Disposition").orElseThrow())
                    .as(c[1]).isEqualTo(c[2] + "; filename=\"" + c[0] + "\"");
            assertThat(res.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(res.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none'; sandbox");
        }
    }

    private String upload(String app, String token, String filename, String mime, String content) {
        String boundary = "rocket-it-boundary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + mime + "\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
        Http.Res r = http.raw("POST", "api/" + app + "/_files/upload",
                Map.of("Authorization", "Bearer " + token, "Content-Type", "multipart/form-data; boundary=" + boundary),
                BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return assertStatus(r, 201).data().path("id").asText();
    }
}
