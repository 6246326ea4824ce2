package dev.rocket.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Files on the local file system: {@code {root}/{app}/{file_id}/{filename}}; the storage key is that absolute
 * path. Every path is checked to stay inside the root (a key from elsewhere, an app name or filename with
 * separators is refused). Several nodes share uploads only if the root is on a shared file system.
 */
public final class LocalFileStorage implements FileStorage {
    private static final Pattern APP = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    private static final int BUFFER = 64 * 1024;

    private final Path root;

    public LocalFileStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public Stored store(InputStream in, String app, UUID id, String filename, long limit) throws IOException {
        Path dir = appDir(app).resolve(id.toString());
        String name = FileNames.safe(filename);
        Path target = dir.resolve(name).normalize();
        if (!name.equals(filename) || !dir.equals(target.getParent())) {
            throw new IllegalArgumentException("not a single safe file name: " + filename);
        }
        Files.createDirectories(dir);
        long size = 0;
        try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buf = new byte[BUFFER];
            int n;
            while ((n = in.read(buf, 0, window(buf.length, limit - size))) > 0) {
                size += n;
                if (size > limit) {
                    throw new FileTooLargeException(size, limit); // stop reading: nothing more is consumed
                }
                out.write(buf, 0, n);
            }
        } catch (IOException | RuntimeException e) {
            removeQuietly(target, dir, e);
            throw e;
        }
        return new Stored(target.toString(), size);
    }

    @Override
    public InputStream open(String path) throws IOException {
        return Files.newInputStream(inside(path));
    }

    @Override
    public void delete(String path) throws IOException {
        Path file = inside(path);
        Files.deleteIfExists(file);
        Path dir = file.getParent();
        if (root.equals(dir.getParent().getParent())) {
            try {
                Files.deleteIfExists(dir); // the id directory, when nothing else is in it
            } catch (DirectoryNotEmptyException ignored) {
                // something else lives there: keep it
            }
        }
    }

    @Override
    public void deleteApp(String app) throws IOException {
        Path dir = appDir(app);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(dir);
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Never asks for more than one byte past the limit. */
    private static int window(int buffer, long left) {
        return left >= buffer ? buffer : (int) left + 1;
    }

    private Path appDir(String app) {
        if (app == null || !APP.matcher(app).matches()) {
            throw new IllegalArgumentException("invalid app name: " + app);
        }
        return root.resolve(app);
    }

    /** A storage key → its path, which must lie at least three levels below the root ({app}/{id}/{name}). */
    private Path inside(String path) throws NoSuchFileException {
        Path p;
        try {
            p = Path.of(path).toAbsolutePath().normalize();
        } catch (InvalidPathException | NullPointerException e) {
            throw new NoSuchFileException(String.valueOf(path));
        }
        if (!p.startsWith(root) || p.getNameCount() < root.getNameCount() + 3) {
            throw new NoSuchFileException(path);
        }
        return p;
    }

    private static void removeQuietly(Path file, Path dir, Throwable cause) {
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
