package dev.rocket.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.rocket.schema.SystemMigrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stopping the scheduler never waits without a limit: with a task that does not end (as one retrying a
 * database that went away), {@link Jobs#close(Duration)} returns after its timeout, and nothing fires after
 * it. A database of its own (the integration tests' server, else an embedded PostgreSQL), so that no other
 * scheduler of the cluster takes the test's triggers.
 */
class JobsStopIT {
    private static EmbeddedPostgres embedded;
    private static String serverUrl;
    private static String dbName;
    private static HikariDataSource ds;

    @BeforeAll
    static void database() throws Exception {
        String url = System.getProperty("ROCKET_TEST_DB_URL", "");
        if (url.isBlank()) {
            embedded = EmbeddedPostgres.builder().start();
            url = embedded.getJdbcUrl("postgres", "postgres");
        }
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        serverUrl = base.substring(0, base.lastIndexOf('/') + 1) + "postgres" + (q < 0 ? "" : url.substring(q));
        dbName = "rocket_jobs_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = DriverManager.getConnection(serverUrl, user(), "")) {
            c.createStatement().execute("CREATE DATABASE " + dbName);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(serverUrl.replace("/postgres", "/" + dbName));
        config.setUsername(user());
        config.setMaximumPoolSize(6);
        ds = new HikariDataSource(config);
        SystemMigrations.migrateManagement(ds);
    }

    private static String user() {
        String u = System.getProperty("ROCKET_TEST_DB_USER", "");
        return u.isBlank() ? "postgres" : u;
    }

    @AfterAll
    static void drop() throws Exception {
        ds.close();
        try (Connection c = DriverManager.getConnection(serverUrl, user(), "")) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)");
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    @Test
    void closeReturnsAfterItsTimeoutWhileATaskDoesNotEnd() throws Exception {
        Jobs jobs = Jobs.open(ds);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger quickRuns = new AtomicInteger();
        jobs.every("stuck", 1, () -> {
            running.countDown();
            awaitUninterruptibly(release, 120);
        });
        jobs.every("quick", 1, quickRuns::incrementAndGet);
        jobs.start();
        assertThat(running.await(60, TimeUnit.SECONDS)).as("the stuck task started").isTrue();

        long t0 = System.nanoTime();
        jobs.close(Duration.ofSeconds(2));
        long tookMillis = (System.nanoTime() - t0) / 1_000_000;
        // a hang would take the task's 120 s; the bound leaves room for a slow machine
        assertThat(tookMillis).isLessThan(30_000);
        int runsAtClose = quickRuns.get();
        Thread.sleep(2500);
        assertThat(quickRuns.get()).as("nothing fires after close").isEqualTo(runsAtClose);

        release.countDown(); // the task ends; Quartz finishes its shutdown on its own thread
        for (int i = 0; i < 100 && !jobs.scheduler().isShutdown(); i++) {
            Thread.sleep(100);
        }
        assertThat(jobs.scheduler().isShutdown()).isTrue();
    }

    @Test
    void closeOfAnIdleSchedulerIsPrompt() throws Exception {
        Jobs jobs = Jobs.open(ds);
        jobs.every("idle", 3600, () -> { });
        jobs.start();
        jobs.close(Duration.ofSeconds(10));
        assertThat(jobs.scheduler().isShutdown()).isTrue();
    }

    private static void awaitUninterruptibly(CountDownLatch latch, int seconds) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            try {
                if (latch.await(1, TimeUnit.SECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                // like a task that ignores interruption
            }
        }
    }
}
