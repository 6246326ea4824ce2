package dev.rocket.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/** One compiled expression, many threads; and a rough single-core evaluation rate (printed, never asserted). */
class ConcurrencyAndRateTest {

    static final ExpressionEngine ENGINE = ExpressionLanguageTest.ENGINE;

    @Test
    void oneCompiledExpressionEvaluatedFromManyThreads() throws Exception {
        CompiledExpression total = ENGINE.compile(
                "record.qty * record.price + sum(record.lines, 'n') + (user.id == record.owner ? 1000 : 0)");
        CompiledExpression guard = ENGINE.compile("record.qty > 500 and 'admin' in user.roles");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    start.await();
                    Map<String, Object> env = Map.of(
                            "record", Map.of("qty", n, "price", 2, "owner", "u" + (n % 2),
                                    "lines", List.of(Map.of("n", n), Map.of("n", 1))),
                            "user", Map.of("id", "u0", "roles", n % 3 == 0 ? List.of("admin") : List.of()));
                    long expected = 2L * n + n + 1 + (n % 2 == 0 ? 1000 : 0);
                    boolean allowed = n > 500 && n % 3 == 0;
                    return expected == ((Long) total.evaluate(env)) && allowed == guard.test(env);
                }));
            }
            start.countDown();
            for (Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A fresh engine, many threads compiling and evaluating different expressions from the first call on. */
    @Test
    void freshEngineUnderConcurrentFirstUse() throws Exception {
        ExpressionEngine engine = new ExpressionEngine();
        Map<String, Object> expected = new java.util.LinkedHashMap<>();
        expected.put("record.s.toUpperCase().split(',').join('|')", "A|B");
        expected.put("new Date(record.d).toISOString()", "2024-01-31T00:00:00.000Z");
        expected.put("JSON.stringify({k: record.n})", "{\"k\":2}");
        expected.put("Math.max(record.n, 3) + Number.parseFloat('0.5')", 3.5);
        expected.put("record.s.includes('b') and len(record.l) == 3", true);
        expected.put("sum(record.l, 'it') + (record.d < '2025' ? 1 : 0)", 7L);
        expected.put("`${record.n}-${record.s.substring(0, 1)}`", "2-a");
        expected.put("'2' in record.l && record.missing.x == nil", true);
        Map<String, Object> env = Map.of("record", Map.of("s", "a,b", "d", "2024-01-31", "n", 2, "l", List.of(1, 2, 3)));
        List<String> sources = new ArrayList<>(expected.keySet());
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Object[]>> results = new ArrayList<>();
            for (int i = 0; i < 800; i++) {
                String source = sources.get(i % sources.size());
                results.add(pool.submit(() -> {
                    start.await();
                    return new Object[] {source, engine.compile(source).evaluate(env)};
                }));
            }
            start.countDown();
            for (Future<Object[]> r : results) {
                Object[] got = r.get();
                assertThat(got[1]).as((String) got[0]).isEqualTo(expected.get(got[0]));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void evaluationRate() throws Exception {
        CompiledExpression e = ENGINE.compile("record.qty > 0 && action == 'create'");
        Map<String, Object> env = Map.of("record", Map.of("qty", 3, "name", "x", "state", "open"), "action", "create");
        for (int i = 0; i < 200_000; i++) { // warm-up
            e.test(env);
        }
        int n = 1_000_000;
        long start = System.nanoTime();
        int hits = 0;
        for (int i = 0; i < n; i++) {
            if (e.test(env)) {
                hits++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(hits).isEqualTo(n);
        System.out.printf("expression evaluation rate: %,.0f/s (%d evaluations of \"%s\" in %.2f s, one thread)%n",
                n / seconds, n, e.source(), seconds);
    }
}
