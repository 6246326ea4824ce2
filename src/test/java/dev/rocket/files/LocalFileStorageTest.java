package dev.rocket.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileStorageTest {
    @TempDir
    Path root;

    private LocalFileStorage storage() {
        return new LocalFileStorage(root);
    }

    @Test
    void storesUnderAppIdFilenameAndReadsBack() throws IOException {
        UUID id = UUID.randomUUID();
        byte[] content = "hello rocket\n".getBytes();
        FileStorage.Stored s = storage().store(new ByteArrayInputStream(content), "shop", id, "hello.txt", 100);

        assertThat(s.size()).isEqualTo(content.length);
        assertThat(Path.of(s.path())).isEqualTo(root.resolve("shop").resolve(id.toString()).resolve("hello.txt"));
        try (InputStream in = storage().open(s.path())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void aFileOfExactlyTheLimitIsAccepted() throws IOException {
        FileStorage.Stored s = storage().store(new ByteArrayInputStream(new byte[1000]), "shop", UUID.randomUUID(), "a.bin", 1000);
        assertThat(s.size()).isEqualTo(1000);
        assertThat(storage().store(new ByteArrayInputStream(new byte[0]), "shop", UUID.randomUUID(), "empty", 0).size())
                .isZero();
    }

    @Test
    void theLimitStopsTheWriteAndLeavesNothingBehind() throws IOException {
        UUID id = UUID.randomUUID();
        CountingStream endless = new CountingStream(); // would never end on its own
        assertThatThrownBy(() -> storage().store(endless, "shop", id, "big.bin", 100_000))
                .isInstanceOfSatisfying(FileTooLargeException.class, e -> {
                    assertThat(e.size()).isEqualTo(100_001);
                    assertThat(e.max()).isEqualTo(100_000);
                });
        assertThat(endless.read.get()).isEqualTo(100_001); // not a byte more was read
        assertThat(root.resolve("shop").resolve(id.toString())).doesNotExist();
    }

    @Test
    void aFailingStreamLeavesNothingBehind() {
        UUID id = UUID.randomUUID();
        InputStream broken = new InputStream() {
            private int n;

            @Override
            public int read() throws IOException {
                if (n++ > 10) {
                    throw new IOException("client went away");
                }
                return 'x';
            }
        };
        assertThatThrownBy(() -> storage().store(broken, "shop", id, "cut.txt", 1000)).hasMessage("client went away");
        assertThat(root.resolve("shop").resolve(id.toString())).doesNotExist();
    }

    @Test
    void refusesNamesThatAreNotOneSafeSegment() {
        for (String bad : new String[] {"../../x.txt", "a/b", "..", "", "a\u0000b"}) {
            assertThatThrownBy(() -> storage().store(new ByteArrayInputStream(new byte[1]), "shop", UUID.randomUUID(), bad, 10))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> storage().store(new ByteArrayInputStream(new byte[1]), "../x", UUID.randomUUID(), "a", 10))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(root.getParent().resolve("x.txt")).doesNotExist();
    }

    @Test
    void deleteRemovesTheBytesAndTheIdDirectory() throws IOException {
        UUID id = UUID.randomUUID();
        FileStorage.Stored s = storage().store(new ByteArrayInputStream(new byte[5]), "shop", id, "a.txt", 10);
        storage().delete(s.path());
        assertThat(root.resolve("shop").resolve(id.toString())).doesNotExist();
        assertThat(root.resolve("shop")).isDirectory();
        storage().delete(s.path()); // already gone: fine
        assertThatThrownBy(() -> storage().open(s.path())).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void pathsOutsideTheRootAreNeverOpenedOrDeleted() throws IOException {
        Path outside = Files.writeString(Files.createTempFile("outside", ".txt"), "secret");
        try {
            assertThatThrownBy(() -> storage().open(outside.toString())).isInstanceOf(NoSuchFileException.class);
            assertThatThrownBy(() -> storage().delete(outside.toString())).isInstanceOf(NoSuchFileException.class);
            String sneaky = root.resolve("shop/../../" + outside.getFileName()).toString();
            assertThatThrownBy(() -> storage().open(sneaky)).isInstanceOf(NoSuchFileException.class);
            assertThat(outside).exists();
        } finally {
            Files.deleteIfExists(outside);
        }
    }

    @Test
    void deleteAppRemovesAllItsFilesOnly() throws IOException {
        storage().store(new ByteArrayInputStream(new byte[3]), "shop", UUID.randomUUID(), "a.txt", 10);
        storage().store(new ByteArrayInputStream(new byte[3]), "shop", UUID.randomUUID(), "b.txt", 10);
        FileStorage.Stored other = storage().store(new ByteArrayInputStream(new byte[3]), "blog", UUID.randomUUID(), "c.txt", 10);

        storage().deleteApp("shop");
        storage().deleteApp("never-used");

        assertThat(root.resolve("shop")).doesNotExist();
        assertThat(Path.of(other.path())).exists();
        try (Stream<Path> left = Files.list(root)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("blog");
        }
    }

    @Test
    void factoryRootFollowsTheSettings() {
        String key = "ROCKET_STORAGE_PATH";
        String old = System.getProperty(key);
        System.setProperty(key, root.resolve("files").toString());
        try {
            assertThat(FileStorageFactory.localRoot(new dev.rocket.config.Settings())).isEqualTo(root.resolve("files"));
            assertThat(FileStorageFactory.create(new dev.rocket.config.Settings())).isInstanceOf(LocalFileStorage.class);
        } finally {
            if (old == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, old);
            }
        }
    }

    /** An endless stream of 'x' that counts what was read. */
    private static final class CountingStream extends InputStream {
        final AtomicLong read = new AtomicLong();

        @Override
        public int read() {
            read.incrementAndGet();
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            java.util.Arrays.fill(b, off, off + len, (byte) 'x');
            read.addAndGet(len);
            return len;
        }
    }
}
