package dev.rocket.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gate of {@link Pool}: at most maximumPoolSize threads inside, reentrant per thread, timeouts. */
class PoolGateTest {
    private Pool pool;

    private Pool pool(int size, long timeoutMs) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/none"); // never connected: only the gate is used
        cfg.setMaximumPoolSize(size);
        cfg.setConnectionTimeout(timeoutMs);
        cfg.setInitializationFailTimeout(-1);
        cfg.setPoolName("gate-test");
        pool = new Pool(cfg);
        return pool;
    }

    /** Runs the check on another thread; returns what it threw (null when it passed). */
    private static Throwable fromAnotherThread(Runnable check) throws InterruptedException {
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                check.run();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join(10_000);
        return failure.get();
    }

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void atMostPoolSizeThreadsAreInsideAndTheOthersWaitInOrder() throws Exception {
        Pool p = pool(2, 5_000);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        Thread[] threads = new Thread[5];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> {
                try {
                    boolean took = p.enter();
                    maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    release.await(5, TimeUnit.SECONDS);
                    inside.decrementAndGet();
                    p.leave(took);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            threads[i].start();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (p.waiting() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(inside.get()).isEqualTo(2);
        assertThat(p.waiting()).isEqualTo(3);
        release.countDown();
        for (Thread t : threads) {
            t.join(5_000);
        }
        assertThat(maxInside.get()).isEqualTo(2);
        assertThat(inside.get()).isZero();
        assertThat(p.waiting()).isZero();
    }

    @Test
    void aThreadInsideEntersAgainWithoutAPermit() throws Exception {
        Pool p = pool(1, 300);
        boolean outer = p.enter();
        boolean inner = p.enter(); // nested unit of work on the same thread: must not wait for itself
        assertThat(outer).isTrue();
        assertThat(inner).isFalse();
        p.leave(inner);
        // still inside: another thread cannot enter until the outer unit leaves
        assertThat(fromAnotherThread(() -> assertThatThrownBy(p::enter)
                .isInstanceOf(SQLTransientConnectionException.class))).isNull();
        p.leave(outer);
        boolean again = p.enter();
        assertThat(again).isTrue();
        p.leave(again);
    }

    @Test
    void aTimeoutLeavesTheGateAsItWas() throws Exception {
        Pool p = pool(1, 300);
        boolean held = p.enter();
        assertThat(fromAnotherThread(() -> {
            assertThatThrownBy(p::enter).isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("timed out after 300ms");
            // the failed attempt did not count this thread as inside: it is refused again, not let in
            assertThatThrownBy(p::enter).isInstanceOf(SQLTransientConnectionException.class);
        })).isNull();
        p.leave(held);
        assertThat(p.waiting()).isZero();
    }
}
