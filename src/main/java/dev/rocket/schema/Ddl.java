package dev.rocket.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.json.Json;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.Values;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.zip.CRC32;

/** Small DDL helpers: literals for column defaults and index names that fit PostgreSQL's 63-byte limit. */
public final class Ddl {
    private Ddl() {
    }

    /** The SQL literal of a field's default (already validated against its type), or null. */
    public static String defaultLiteral(FieldDef f) {
        if (f.defaultValue() == null) {
            return null;
        }
        Object v;
        try {
            v = Values.coerce(f.type(), f.precision(), f.defaultValue());
        } catch (Values.TypeMismatch e) {
            throw new IllegalStateException("default was validated", e);
        }
        if (v instanceof String s) {
            return quote(s);
        }
        if (v instanceof Integer || v instanceof Long) {
            return v.toString();
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (v instanceof UUID u) {
            return quote(u.toString()) + "::uuid";
        }
        if (v instanceof OffsetDateTime t) {
            return quote(t.toString()) + "::timestamptz";
        }
        if (v instanceof LocalDate d) {
            return quote(d.toString()) + "::date";
        }
        if (v instanceof Jdbc.JsonValue j) {
            try {
                return quote(Json.MAPPER.writeValueAsString(j.value())) + "::jsonb";
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no literal for " + v.getClass());
    }

    /** A standard-conforming string literal (values never contain NUL: {@link Values} refuses it). */
    public static String quote(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    /** {@code prefix_table_col}, shortened with a checksum when longer than 63 bytes. */
    public static String indexName(String prefix, String table, String column) {
        String name = prefix + "_" + table + "_" + column;
        if (name.getBytes(StandardCharsets.UTF_8).length <= 63) {
            return name;
        }
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        String suffix = "_" + Long.toHexString(crc.getValue());
        return name.substring(0, 63 - suffix.length()) + suffix;
    }

    public static String ident(String name) {
        return SqlFragment.ident(name);
    }
}
