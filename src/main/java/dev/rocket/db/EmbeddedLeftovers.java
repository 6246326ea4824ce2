package dev.rocket.db;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Before the embedded PostgreSQL starts on a data directory: a server that a killed Rocket left running
 * there (its {@code postmaster.pid} names a live {@code postgres} process on this directory) is stopped,
 * but only when no running Rocket uses the directory — the library's lock file {@code epg-lock} is held by
 * the JVM that started the server, and the operating system releases it when that JVM dies. Anything
 * else that cannot be cleared safely ends the start with a message that says exactly what to do.
 */
final class EmbeddedLeftovers {
    private static final Logger LOG = Logger.getLogger(EmbeddedLeftovers.class.getName());
    static final String PID_FILE = "postmaster.pid";
    static final String LOCK_FILE = "epg-lock";
    private static final long STOP_WAIT_SECONDS = 15;

    private EmbeddedLeftovers() {
    }

    /** Clears what a killed Rocket left in {@code dataDir}; throws {@link IllegalStateException} when it must not. */
    static void clear(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return;
        }
        requireNoRocketUsing(dataDir);
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        long pid;
        try {
            pid = Long.parseLong(lines.isEmpty() ? "" : lines.get(0).trim());
        } catch (NumberFormatException e) {
            return; // not a finished pid file: PostgreSQL itself decides about it
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return; // the process is gone: PostgreSQL removes its stale pid file itself
        }
        ProcessHandle postmaster = process.get();
        Optional<String> command = postmaster.info().command();
        if (command.isEmpty()) {
            throw new IllegalStateException("The embedded PostgreSQL data directory " + dataDir + " lists process "
                    + pid + " in " + PID_FILE + ", which Rocket cannot inspect. If it is a PostgreSQL left over from "
                    + "an earlier Rocket, stop it (pg_ctl -D " + dataDir + " stop, or kill " + pid + ") and start "
                    + "again; otherwise delete " + pidFile + ".");
        }
        List<String> arguments = postmaster.info().arguments().map(List::of).orElse(List.of());
        if (!isPostgres(command.get()) && !arguments.contains(dataDir.toString())) {
            // the number was reused by an unrelated process after the server died: the file is stale
            Files.deleteIfExists(pidFile);
            LOG.info(() -> "Removed a stale " + pidFile + " (process " + pid + " is not PostgreSQL)");
            return;
        }
        String listedDir = lines.size() > 1 ? lines.get(1).trim() : "";
        if (!sameDirectory(listedDir, dataDir)) {
            throw new IllegalStateException("PostgreSQL process " + pid + " named in " + pidFile + " serves "
                    + listedDir + ", not " + dataDir + " (a copied data directory?). Stop that server or delete "
                    + pidFile + ", then start again.");
        }
        LOG.warning("A PostgreSQL (process " + pid + ") still runs on " + dataDir + ", left by a Rocket that did "
                + "not stop cleanly; no running Rocket uses it: stopping it");
        stop(postmaster, command.get(), dataDir);
    }

    /** The JVM that started the server holds epg-lock while it runs; a free lock means that JVM is gone. */
    private static void requireNoRocketUsing(Path dataDir) throws IOException {
        Path lockFile = dataDir.resolve(LOCK_FILE);
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held in this very JVM: another Rocket deployed beside this one
            }
            if (lock == null) {
                throw new IllegalStateException("The embedded PostgreSQL in " + dataDir + " is in use by another "
                        + "running Rocket (it holds " + lockFile + "). Stop that Rocket first, or give this one "
                        + "its own directory with ROCKET_DATA_DIR, or configure a database (ROCKET_DB_URL).");
            }
            lock.release();
        }
    }

    /** The server binary, also after its extracted copy was deleted (Linux then shows "… (deleted)"). */
    static boolean isPostgres(String command) {
        String name = Path.of(command.replaceFirst(" \\(deleted\\)$", "")).getFileName().toString();
        return name.equals("postgres") || name.equals("postgres.exe");
    }

    private static boolean sameDirectory(String listed, Path dataDir) {
        try {
            return !listed.isEmpty() && Files.isSameFile(Path.of(listed), dataDir);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * pg_ctl beside the server binary (fast mode; as root through {@code unshare -U}, the way the library
     * runs it, since pg_ctl refuses root), else SIGINT (fast shutdown as well), else a plain termination
     * signal; then waits for the exit.
     */
    private static void stop(ProcessHandle postmaster, String command, Path dataDir) {
        Path pgCtl = Path.of(command).resolveSibling(command.endsWith(".exe") ? "pg_ctl.exe" : "pg_ctl");
        boolean stopped = false;
        if (Files.isExecutable(pgCtl)) {
            List<String> args = List.of(pgCtl.toString(), "-D", dataDir.toString(), "stop", "-m", "fast",
                    "-w", "-t", Long.toString(STOP_WAIT_SECONDS));
            stopped = run(args);
            if (!stopped && Files.isExecutable(Path.of("/usr/bin/unshare"))) {
                List<String> unshared = new ArrayList<>(List.of("/usr/bin/unshare", "-U"));
                unshared.addAll(args);
                stopped = run(unshared);
            }
        }
        if (!stopped && Files.isExecutable(Path.of("/bin/kill"))) {
            // the binaries were deleted (a cleaned temp directory): SIGINT is PostgreSQL's fast shutdown too
            stopped = run(List.of("/bin/kill", "-INT", Long.toString(postmaster.pid())));
        }
        if (!stopped) {
            postmaster.destroy();
        }
        try {
            postmaster.onExit().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // checked below
        }
        if (postmaster.isAlive()) {
            throw new IllegalStateException("The PostgreSQL left running on " + dataDir + " (process "
                    + postmaster.pid() + ") did not stop within " + STOP_WAIT_SECONDS + " s. Stop it (pg_ctl -D "
                    + dataDir + " stop -m immediate, or kill " + postmaster.pid() + ") and start again.");
        }
        LOG.info(() -> "Stopped the leftover PostgreSQL (process " + postmaster.pid() + ")");
    }

    private static boolean run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(STOP_WAIT_SECONDS + 5, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
