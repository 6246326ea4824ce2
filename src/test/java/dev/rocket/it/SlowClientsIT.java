package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.assertError;
import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rocket.it.support.Http;
import dev.rocket.it.support.RocketItBase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Request bodies are read without holding a request thread: more stalled bodies than Tomcat has threads
 * (200) do not stop normal requests, and each stalled body is answered 408 REQUEST_TIMEOUT once the body
 * deadline ({@code ROCKET_BODY_TIMEOUT}, 5 s in the integration tests) has passed. Uploads answered before
 * their body was read have their connection closed instead of the rest of the body awaited.
 */
class SlowClientsIT extends RocketItBase {
    private static final String LOGIN = "api/_platform/auth/login";
    private static final int STALLED = 220;

    @Test
    void stalledBodiesDoNotStopNormalRequestsAndGet408() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < STALLED; i++) {
                stalled.add(stalledLogin());
            }
            // every stalled socket has its headers and one body byte in; before the fix each held a thread
            assertThat(send(HttpRequest.newBuilder(http.uri("health")).GET())).isEqualTo(200);
            assertThat(send(HttpRequest.newBuilder(http.uri(LOGIN)).header("Content-Type", "application/json")
                    .POST(BodyPublishers.ofString(Http.write(Map.of("email", PLATFORM_EMAIL, "password", SEED_PASSWORD))))))
                    .isEqualTo(200);
            for (Socket s : stalled) {
                String answer = readAll(s);
                assertThat(answer).startsWith("HTTP/1.1 408 ");
                assertThat(answer).containsIgnoringCase("Content-Type: application/json")
                        .contains("{\"error\":{\"code\":\"REQUEST_TIMEOUT\",\"message\":\"Request body not received within 5 s\"}}");
            }
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    void stalledUploadsAnsweredBeforeTheirBodyDoNotHoldThreads() throws Exception {
        List<Socket> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < STALLED; i++) {
                stalled.add(stalled("POST /api/" + randomAppName() + "/_files/upload",
                        "multipart/form-data; boundary=b", 100_000, "-"));
            }
            // each is answered 404 before its body is read; before the fix Tomcat then waited on a thread for the rest
            assertThat(send(HttpRequest.newBuilder(http.uri("health")).GET())).isEqualTo(200);
            for (Socket s : stalled) {
                String answer = readAll(s);
                assertThat(answer).startsWith("HTTP/1.1 404 ").containsIgnoringCase("Connection: close")
                        .contains("\"code\":\"APP_NOT_FOUND\"");
            }
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    void chunkedBodyOverTheLimitIs413() {
        byte[] big = new byte[1_048_577];
        java.util.Arrays.fill(big, (byte) ' ');
        assertError(http.raw("POST", LOGIN, Map.of("Content-Type", "application/json"),
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void bodiesStillReachRocketWithPathAndQueryIntact() {
        String app = newApp();
        Http.Res r = http.raw("POST", "api/" + app + "/auth/login?x=%5B1%5D", Map.of("Content-Type", "application/json"),
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        Http.write(Map.of("email", ADMIN_EMAIL, "password", SEED_PASSWORD)).getBytes(StandardCharsets.UTF_8))));
        assertStatus(r, 200);
        assertThat(r.data().path("access_token").asText()).isNotEmpty();
    }

    @Test
    void bodySentInPartsIsReadWholeWhateverArrivedWithTheHeaders() throws Exception {
        String body = Http.write(Map.of("email", PLATFORM_EMAIL, "password", SEED_PASSWORD));
        for (int split : new int[] {1, body.length() / 2, body.length() - 1}) {
            try (Socket s = stalled("POST /" + LOGIN, "application/json", body.length(), body.substring(0, split))) {
                Thread.sleep(300); // the first part is read at once, the rest asynchronously when it comes
                OutputStream out = s.getOutputStream();
                out.write(body.substring(split).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                s.shutdownOutput();
                String answer = readAll(s);
                assertThat(answer).as("split at %d", split).startsWith("HTTP/1.1 200 ").contains("\"access_token\":\"");
            }
        }
    }

    /** A login whose declared 100-byte body stops after its first byte. */
    private Socket stalledLogin() throws IOException {
        return stalled("POST /" + LOGIN, "application/json", 100, "{");
    }

    /** A request whose declared body stops after {@code firstBytes}. */
    private Socket stalled(String requestLine, String contentType, int length, String firstBytes) throws IOException {
        Socket s = new Socket(http.base().getHost(), http.base().getPort());
        s.setSoTimeout(60_000);
        OutputStream out = s.getOutputStream();
        out.write((requestLine + " HTTP/1.1\r\nHost: " + http.base().getHost() + "\r\n"
                + "Content-Type: " + contentType + "\r\nContent-Length: " + length + "\r\n\r\n" + firstBytes)
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    private static String readAll(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    /** Status of a normal request, which must be answered within 20 s. */
    private static int send(HttpRequest.Builder request) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return client.send(request.timeout(Duration.ofSeconds(20)).build(), BodyHandlers.discarding()).statusCode();
    }
}
