package dev.rocket.files;

import dev.rocket.db.Rows;
import dev.rocket.db.Tx;
import dev.rocket.error.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Uploads, downloads, lists and deletes the files of an app (docs/files.md): bytes in the {@link FileStorage},
 * metadata in {@code _files}. The two are kept in step: an upload whose row cannot be written removes its
 * bytes; a delete removes the bytes inside the transaction that removes the row.
 */
public final class FileService {
    private static final Logger LOG = Logger.getLogger(FileService.class.getName());

    private final FileStorage storage;
    private final UploadLimits limits;

    public FileService(FileStorage storage, UploadLimits limits) {
        this.storage = storage;
        this.limits = limits;
    }

    public FileStorage storage() {
        return storage;
    }

    public UploadLimits limits() {
        return limits;
    }

    /** A file to send: its metadata and its open content (the caller closes it). */
    public record Download(String filename, String mimeType, long size, InputStream content) {
    }

    private record Uploaded(MultipartReader.Part part, FileStorage.Stored stored) {
    }

    /** Streams the {@code file} part to storage and records it; the 201 {@code data}. */
    public Map<String, Object> upload(String app, DataSource ds, String uploadedBy, UploadRequest req) {
        UUID id = UUID.randomUUID();
        Uploaded u = MultipartReader.readFile(req, limits, part -> new Uploaded(part,
                storage.store(part.content(), app, id, part.filename(), limits.maxFileSize())));
        String filename = u.part().filename();
        String mime = u.part().mimeType();
        long size = u.stored().size();
        try {
            Tx.inTransaction(ds, c -> {
                FileRepository.insert(c, id, filename, u.stored().path(), mime, size, Rows.uuidOrNull(uploadedBy));
                return null;
            });
        } catch (RuntimeException e) {
            try {
                storage.delete(u.stored().path());
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id.toString());
        out.put("filename", filename);
        out.put("size", size);
        out.put("mime_type", mime);
        out.put("url", "/api/" + app + "/_files/" + id);
        return out;
    }

    public Download open(DataSource ds, String rawId) {
        UUID id = parseId(rawId);
        Map<String, Object> row = Tx.autoCommit(ds, c -> FileRepository.find(c, id));
        if (row == null) {
            throw notFound(rawId);
        }
        try {
            InputStream in = storage.open((String) row.get("storage_path"));
            return new Download((String) row.get("filename"), MultipartReader.mimeType((String) row.get("mime_type")),
                    ((Number) row.get("size")).longValue(), in);
        } catch (NoSuchFileException e) {
            LOG.log(Level.WARNING, "File " + id + " has a row but no bytes in storage", e);
            throw notFound(rawId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Newest first: {@code id, filename, mime_type, size, uploaded_by, created_at}. */
    public List<Map<String, Object>> list(DataSource ds) {
        return Tx.autoCommit(ds, FileRepository::list);
    }

    /** Removes bytes, their directory and the row; the 200 {@code data}. */
    public Map<String, Object> delete(DataSource ds, String rawId) {
        UUID id = parseId(rawId);
        Tx.inTransaction(ds, c -> {
            String path = FileRepository.delete(c, id);
            if (path == null) {
                throw notFound(rawId);
            }
            try {
                storage.delete(path);
            } catch (NoSuchFileException e) {
                LOG.log(Level.WARNING, "File " + id + " had no bytes in storage", e);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // rolls the row back: bytes and row stay together
            }
            return null;
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("deleted", true);
        return out;
    }

    /** A UUID, or 404 "File {id} not found" (a malformed id names no file). */
    public static UUID parseId(String rawId) {
        UUID id = Rows.uuidOrNull(rawId);
        if (id == null) {
            throw notFound(rawId);
        }
        return id;
    }

    public static ApiException notFound(Object id) {
        return ApiException.notFound("File " + id + " not found");
    }

}
