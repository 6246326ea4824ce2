package dev.rocket.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rocket.it.support.RocketItBase;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admin UI as the WAR serves it: the app shell at /admin/ and at every client-side route, hashed assets
 * cached for a year and sent gzip-compressed to clients that accept it, index.html revalidated. Skipped when
 * the WAR was built without the UI ({@code -Dadmin.skip}).
 */
class AdminUiIT extends RocketItBase {
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    @BeforeAll
    static void warHasTheUi() throws IOException {
        File war = new File(System.getProperty("rocket.war", "target/rocket.war"));
        try (ZipFile zip = new ZipFile(war)) {
            assumeTrue(zip.getEntry("admin/index.html") != null, "the WAR was built without the admin UI (-Dadmin.skip)");
        }
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(http.uri(path)).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse("");
    }

    private static void assertShell(HttpResponse<byte[]> r) {
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).startsWith("text/html");
        assertThat(header(r, "Cache-Control")).isEqualTo("no-cache");
        assertThat(header(r, "ETag")).isNotEmpty();
        assertThat(text(r)).contains("<div id=\"root\"></div>").contains("/admin/assets/");
    }

    @Test
    void theShellIsServedAtTheRootAndAtEveryClientRoute() throws Exception {
        assertShell(get("/admin/"));
        assertShell(get("/admin/login"));
        assertShell(get("/admin/apps/shop/entities/order"));
        assertShell(get("/admin/apps/shop/data/order?filter%5Bqty.gte%5D=2&sort=-qty"));
        assertThat(header(get("/admin/"), "Content-Security-Policy")).contains("default-src 'self'");
    }

    @Test
    void adminWithoutSlashRedirects() throws Exception {
        HttpResponse<byte[]> r = get("/admin");
        assertThat(r.statusCode()).isIn(301, 302, 303, 307, 308);
        assertThat(header(r, "Location")).endsWith("/admin/");
    }

    @Test
    void indexRevalidatesWithItsEtag() throws Exception {
        HttpResponse<byte[]> first = get("/admin/");
        HttpResponse<byte[]> again = get("/admin/apps/x/entities", "If-None-Match", header(first, "ETag"));
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
    }

    @Test
    void hashedAssetsAreImmutableAndCompressed() throws Exception {
        Matcher m = Pattern.compile("/admin/assets/[A-Za-z0-9_.-]+\\.js").matcher(text(get("/admin/")));
        assertThat(m.find()).as("a script in index.html").isTrue();
        String script = m.group();

        HttpResponse<byte[]> plain = get(script);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(header(plain, "Content-Type")).startsWith("text/javascript");
        assertThat(header(plain, "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(header(plain, "Content-Encoding")).isEmpty();
        assertThat(header(plain, "Vary")).containsIgnoringCase("Accept-Encoding");

        HttpResponse<byte[]> gz = get(script, "Accept-Encoding", "gzip, deflate, br");
        assertThat(gz.statusCode()).isEqualTo(200);
        assertThat(header(gz, "Content-Encoding")).isEqualTo("gzip");
        assertThat(header(gz, "Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(gz.body().length).isLessThan(plain.body().length);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.body());
        }

        assertThat(header(get("/admin/", "Accept-Encoding", "gzip"), "Content-Encoding")).isEqualTo("gzip");
        assertThat(header(get("/admin/", "Accept-Encoding", "gzip;q=0"), "Content-Encoding")).isEmpty();
    }

    @Test
    void aMissingAssetIsA404NotTheShell() throws Exception {
        HttpResponse<byte[]> r = get("/admin/assets/nope-12345678.js");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(text(r)).doesNotContain("<div id=\"root\">");
        assertThat(get("/admin/favicon-missing.png").statusCode()).isEqualTo(404);
    }

    @Test
    void onlyGetAndHeadAreServed() throws Exception {
        HttpResponse<byte[]> post = CLIENT.send(HttpRequest.newBuilder(http.uri("/admin/"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(post.statusCode()).isEqualTo(405);
        HttpResponse<byte[]> head = CLIENT.send(HttpRequest.newBuilder(http.uri("/admin/apps/a"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
    }

    @Test
    void theApiIsUntouched() throws Exception {
        HttpResponse<byte[]> r = get("/api/_platform/apps");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(header(r, "Content-Type")).startsWith("application/json");
    }
}
