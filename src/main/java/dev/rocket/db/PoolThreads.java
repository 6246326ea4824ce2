package dev.rocket.db;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the threads of Rocket's HikariCP pools (housekeeper, connection adder and closer) and remembers the
 * ones still alive, so that stopping Rocket can wait until they have ended. HikariCP's {@code close()} only
 * interrupts a pool's housekeeper and, for the connection adder, waits for the login timeout (0 by default):
 * without the wait, a servlet container that checks for threads left behind right after the application stopped
 * finds them, and a thread still alive keeps the application's class loader.
 */
final class PoolThreads {
    private final Set<Thread> alive = ConcurrentHashMap.newKeySet();

    /** A factory for one pool: its threads are named after the pool. */
    ThreadFactory forPool(String poolName) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            alive.removeIf(t -> !t.isAlive());
            Thread t = new Thread(task, poolName + "-" + count.incrementAndGet());
            t.setDaemon(true);
            alive.add(t);
            return t;
        };
    }

    /** Waits (at most {@code timeout} in all) until every pool thread has ended; returns those still alive. */
    Set<Thread> awaitEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Thread t : Set.copyOf(alive)) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    TimeUnit.NANOSECONDS.timedJoin(t, left);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        alive.removeIf(t -> !t.isAlive());
        return Set.copyOf(alive);
    }
}
