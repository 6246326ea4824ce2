package dev.rocket.write;

import dev.rocket.db.Jdbc;
import dev.rocket.files.FileRepository;
import dev.rocket.files.FileService;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.FieldType;
import dev.rocket.metadata.Values;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/**
 * Values of {@code file} fields (docs/files.md#file-fields). Planning: a file id (UUID string) is kept as a
 * {@link UUID} still to be resolved, an object is stored as given, null clears, anything else is a type
 * error. Executing (step 10, after rules and state machines, before the row's INSERT/UPDATE): each id is
 * looked up in {@code _files} in the write transaction and replaced by {@code {id, filename, size,
 * mime_type}}; an unknown id → 404 "File {id} not found".
 */
final class FileFields {
    private FileFields() {
    }

    static Object coerce(Object v) throws Values.TypeMismatch {
        if (v instanceof String s) {
            try {
                return Values.coerce(FieldType.UUID, null, s);
            } catch (Values.TypeMismatch e) {
                throw new Values.TypeMismatch("must be a file id or a file object");
            }
        }
        return Values.coerce(FieldType.FILE, null, v);
    }

    /** Replaces file ids in {@code values} by the files' metadata. */
    static void resolve(Connection c, EntityDef e, Map<String, Object> values) throws SQLException {
        for (FieldDef f : e.fields()) {
            if (f.type() == FieldType.FILE && values.get(f.name()) instanceof UUID id) {
                Map<String, Object> file = FileRepository.reference(c, id);
                if (file == null) {
                    throw FileService.notFound(id);
                }
                values.put(f.name(), new Jdbc.JsonValue(file));
            }
        }
    }
}
