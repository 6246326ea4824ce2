package dev.rocket.files;

import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

/**
 * Where uploaded bytes live. Implementations are created by {@link FileStorageFactory}; the key they return
 * from {@link #store} is kept in {@code _files.storage_path} and handed back to {@link #open}/{@link #delete}.
 */
public interface FileStorage {

    /** What {@link #store} wrote: the storage key and the number of bytes. */
    record Stored(String path, long size) {
    }

    /**
     * Copies {@code in} to the storage of file {@code id} of {@code app} under {@code filename} (already a
     * single safe segment, see {@link FileNames#safe}). Reads at most {@code limit + 1} bytes: more than
     * {@code limit} → {@link FileTooLargeException}. On any failure nothing is left behind.
     */
    Stored store(InputStream in, String app, UUID id, String filename, long limit) throws IOException;

    /** The bytes stored under {@code path}; {@link java.nio.file.NoSuchFileException} when they are gone. */
    InputStream open(String path) throws IOException;

    /** Removes the bytes under {@code path} and what only held them; missing bytes are not an error. */
    void delete(String path) throws IOException;

    /** Removes every file of {@code app} (the app was deleted). */
    void deleteApp(String app) throws IOException;
}
