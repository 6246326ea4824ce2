package dev.rocket.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.FileOutputStream;
import java.lang.reflect.Field;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded development database after a hard kill: a PostgreSQL left running on the data directory by
 * a JVM that is gone is stopped and replaced; one still used by a running Rocket is refused with a message;
 * a stale pid file naming an unrelated process is removed. Real PostgreSQL binaries, real processes.
 */
class EmbeddedLeftoversIT {

    @TempDir
    Path dir;

    @Test
    void aServerLeftByAKilledRocketIsStoppedAndTheStartSucceeds() throws Exception {
        Path data = dir.resolve("pgdata");
        Files.createDirectories(data);
        EmbeddedPostgres orphan = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
        long orphanPid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
        releaseLock(orphan); // what the operating system does when the JVM that held it is killed
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).contains(true);

        java.util.Set<String> hooksBefore = closerHooks();
        try (EmbeddedDatabase db = EmbeddedDatabase.start(data, 0)) {
            assertThat(ProcessHandle.of(orphanPid).filter(ProcessHandle::isAlive)).isEmpty();
            try (Connection c = DriverManager.getConnection(db.jdbcUrl("postgres"));
                 ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
            // Rocket stops it itself, last: the library's own JVM shutdown hook is gone
            assertThat(closerHooks()).isEqualTo(hooksBefore);
            // while this one runs, a second start on the same directory is refused with what to do
            assertThatThrownBy(() -> EmbeddedLeftovers.clear(data))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by another running Rocket")
                    .hasMessageContaining("ROCKET_DATA_DIR");
        } finally {
            markClosed(orphan); // stopped above: its own hook must not try again at JVM exit
        }
        assertThat(Files.exists(data.resolve("postmaster.pid"))).isFalse();
    }

    @Test
    void aPidFileNamingAnUnrelatedLiveProcessIsRemoved() throws Exception {
        Path data = dir.resolve("stale");
        Files.createDirectories(data);
        Process unrelated = new ProcessBuilder("sleep", "30").start();
        try {
            Files.writeString(data.resolve("postmaster.pid"), unrelated.pid() + "\n" + data + "\n");
            EmbeddedLeftovers.clear(data);
            assertThat(Files.exists(data.resolve("postmaster.pid"))).isFalse();
            assertThat(unrelated.isAlive()).isTrue(); // never touched
        } finally {
            unrelated.destroy();
            unrelated.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPidFileOfAGoneProcessIsLeftToPostgres() throws Exception {
        Path data = dir.resolve("gone");
        Files.createDirectories(data);
        Process p = new ProcessBuilder("true").start();
        p.waitFor(5, TimeUnit.SECONDS);
        Files.writeString(data.resolve("postmaster.pid"), p.pid() + "\n" + data + "\n");
        EmbeddedLeftovers.clear(data); // no exception, nothing to stop
        assertThat(Files.exists(data.resolve("postmaster.pid"))).isTrue();
    }

    @Test
    void theServerBinaryIsRecognisedAlsoWhenItsExtractedCopyWasDeleted() {
        assertThat(EmbeddedLeftovers.isPostgres("/tmp/embedded-pg/PG-1/bin/postgres")).isTrue();
        assertThat(EmbeddedLeftovers.isPostgres("/tmp/cargo/temp/embedded-pg/PG-1/bin/postgres (deleted)")).isTrue();
        assertThat(EmbeddedLeftovers.isPostgres("C:\\pg\\bin\\postgres.exe")).isEqualTo(
                System.getProperty("os.name").toLowerCase().contains("windows"));
        assertThat(EmbeddedLeftovers.isPostgres("/usr/bin/sleep")).isFalse();
    }

    private static void releaseLock(EmbeddedPostgres pg) throws Exception {
        Field lock = EmbeddedPostgres.class.getDeclaredField("lock");
        lock.setAccessible(true);
        ((FileLock) lock.get(pg)).release();
        Field stream = EmbeddedPostgres.class.getDeclaredField("lockStream");
        stream.setAccessible(true);
        ((FileOutputStream) stream.get(pg)).close();
        lock.set(pg, null);
    }

    private static void markClosed(EmbeddedPostgres pg) throws Exception {
        Field closed = EmbeddedPostgres.class.getDeclaredField("closed");
        closed.setAccessible(true);
        ((java.util.concurrent.atomic.AtomicBoolean) closed.get(pg)).set(true);
    }

    /** The library's closer hooks registered now (needs --add-opens java.base/java.lang, as failsafe runs). */
    @SuppressWarnings("unchecked")
    private static java.util.Set<String> closerHooks() throws Exception {
        Class<?> hooks = Class.forName("java.lang.ApplicationShutdownHooks");
        Field f = hooks.getDeclaredField("hooks");
        f.setAccessible(true);
        synchronized (hooks) {
            return ((Map<Thread, Thread>) f.get(null)).keySet().stream().map(Thread::getName)
                    .filter(n -> n.startsWith("postgres-") && n.endsWith("-closer"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }
}
