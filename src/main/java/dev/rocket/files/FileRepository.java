package dev.rocket.files;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** JDBC on the app's {@code _files} table; the caller owns the connection and its transaction. */
public final class FileRepository {
    private static final String LISTED = "id, filename, mime_type, size, uploaded_by, created_at";

    private FileRepository() {
    }

    public static void insert(Connection c, UUID id, String filename, String storagePath, String mimeType, long size,
                              UUID uploadedBy) throws SQLException {
        Jdbc.update(c, SqlFragment.of("INSERT INTO _files (id, filename, storage_path, mime_type, size, uploaded_by)"
                + " VALUES (?, ?, ?, ?, ?, ?)", id, filename, storagePath, mimeType, size, uploadedBy));
    }

    /** The whole row (with {@code storage_path}), or null. */
    public static Map<String, Object> find(Connection c, UUID id) throws SQLException {
        return Jdbc.queryOne(c, SqlFragment.of("SELECT " + LISTED + ", storage_path FROM _files WHERE id = ?", id));
    }

    /** What a {@code file} field stores: {@code {id, filename, size, mime_type}}, or null when there is no such file. */
    public static Map<String, Object> reference(Connection c, UUID id) throws SQLException {
        return Jdbc.queryOne(c, SqlFragment.of("SELECT id, filename, size, mime_type FROM _files WHERE id = ?", id));
    }

    /** Newest first. */
    public static List<Map<String, Object>> list(Connection c) throws SQLException {
        return Jdbc.query(c, SqlFragment.of("SELECT " + LISTED + " FROM _files ORDER BY created_at DESC, id"));
    }

    /** Deletes the row (locked until commit) and returns its storage path, or null when there is none. */
    public static String delete(Connection c, UUID id) throws SQLException {
        Map<String, Object> row = Jdbc.queryOne(c, SqlFragment.of(
                "DELETE FROM _files WHERE id = ? RETURNING storage_path", id));
        return row == null ? null : (String) row.get("storage_path");
    }
}
