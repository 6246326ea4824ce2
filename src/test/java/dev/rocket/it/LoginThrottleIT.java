package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.assertError;
import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import dev.rocket.it.support.Http;
import dev.rocket.it.support.RocketItBase;
import dev.rocket.it.support.SystemSettings;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Login throttling (issue 10, finding 5): an attempt is counted before its password is checked, so a
 * burst of concurrent guesses gets no more evaluations than the limit (10 by default); behind a trusted
 * reverse proxy each client has its own throttle key, taken from {@code X-Forwarded-For}.
 */
class LoginThrottleIT extends RocketItBase {
    private static final int LIMIT = 10;
    private static final int BURST = 150;

    /** The test client (loopback) plays the reverse proxy. */
    @RegisterExtension
    static final SystemSettings SETTINGS = SystemSettings.of("ROCKET_TRUSTED_PROXIES", "127.0.0.0/8, ::1");

    private Http.Res login(String scope, String email, String password, String forwardedFor) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (forwardedFor != null) {
            headers.put("X-Forwarded-For", forwardedFor);
        }
        return http.raw("POST", "api/" + scope + "/auth/login", headers,
                BodyPublishers.ofString(Http.write(Map.of("email", email, "password", password))));
    }

    /** Sends the passwords all at once (released together) from one client; answers in the same order. */
    private List<Http.Res> burst(String scope, String email, List<String> passwords, String forwardedFor) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(passwords.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Http.Res>> answers = new ArrayList<>();
            for (String p : passwords) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return login(scope, email, p, forwardedFor);
                }));
            }
            go.countDown();
            List<Http.Res> out = new ArrayList<>();
            for (Future<Http.Res> f : answers) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static long count(List<Http.Res> answers, int status) {
        return answers.stream().filter(r -> r.status() == status).count();
    }

    @Test
    void concurrentGuessesGetNoMoreEvaluationsThanTheLimit() throws Exception {
        String app = newApp();
        createUser(app, appAdminToken(app), "victim@example.com", "right-password", List.of());
        List<Http.Res> answers = burst(app, "victim@example.com", wrong(BURST), "203.0.113.10");

        assertThat(count(answers, 401)).as("passwords evaluated").isEqualTo(LIMIT);
        assertThat(count(answers, 429)).isEqualTo(BURST - LIMIT);
        Http.Res throttled = answers.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
        assertError(throttled, 429, "TOO_MANY_REQUESTS");
        // the right password after the limit does not log in
        assertError(login(app, "victim@example.com", "right-password", "203.0.113.10"), 429, "TOO_MANY_REQUESTS");
    }

    @Test
    void theRightPasswordInsideABurstIsOnlyEvaluatedWithinTheLimit() throws Exception {
        String app = newApp();
        createUser(app, appAdminToken(app), "victim@example.com", "right-password", List.of());
        List<String> passwords = wrong(BURST);
        passwords.set(BURST - 1, "right-password"); // released with the others, last in line
        List<Http.Res> answers = burst(app, "victim@example.com", passwords, "203.0.113.11");

        assertThat(answers).allMatch(r -> r.status() == 401 || r.status() == 429 || r.status() == 200);
        assertThat(count(answers, 401)).as("wrong passwords evaluated").isEqualTo(LIMIT);
        assertThat(count(answers, 200)).isLessThanOrEqualTo(1);
        if (count(answers, 200) == 0) { // the right password came after the limit: it was not let in
            assertError(answers.get(BURST - 1), 429, "TOO_MANY_REQUESTS");
        }
    }

    @Test
    void platformLoginIsThrottledTheSameWay() throws Exception {
        List<Http.Res> answers = burst("_platform", "nobody-" + randomAppName() + "@localhost", wrong(40), "203.0.113.12");
        assertThat(count(answers, 401)).isEqualTo(LIMIT);
        assertThat(count(answers, 429)).isEqualTo(40 - LIMIT);
    }

    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnKey() {
        String app = newApp();
        createUser(app, appAdminToken(app), "user@example.com", "right-password", List.of());
        for (int i = 0; i < LIMIT; i++) {
            assertError(login(app, "user@example.com", "wrong", "203.0.113.7"), 401, "UNAUTHORIZED");
        }
        Http.Res blocked = assertError(login(app, "user@example.com", "right-password", "203.0.113.7"), 429,
                "TOO_MANY_REQUESTS");
        assertThat(blocked.body()).contains("Too many failed login attempts");
        // a client cannot escape its key by prepending addresses: the proxy's own entry (right-most) counts
        assertError(login(app, "user@example.com", "right-password", "198.51.100.1, 203.0.113.7"), 429,
                "TOO_MANY_REQUESTS");
        // other clients behind the same proxy are not locked out
        assertStatus(login(app, "user@example.com", "right-password", "203.0.113.8"), 200);
        assertStatus(login(app, "user@example.com", "right-password", "203.0.113.7, 127.0.0.1"), 429);
        assertStatus(login(app, "user@example.com", "right-password", null), 200);
    }

    private static List<String> wrong(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("wrong-" + i);
        }
        return out;
    }
}
