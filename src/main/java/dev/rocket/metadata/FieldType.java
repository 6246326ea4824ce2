package dev.rocket.metadata;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The field types of docs/metadata.md#fields with their PostgreSQL column types. */
public enum FieldType {
    STRING("string", "TEXT", "text"),
    TEXT("text", "TEXT", "text"),
    INT("int", "INTEGER", "int4"),
    BIGINT("bigint", "BIGINT", "int8"),
    DECIMAL("decimal", "NUMERIC", "numeric"),
    BOOLEAN("boolean", "BOOLEAN", "bool"),
    UUID("uuid", "UUID", "uuid"),
    TIMESTAMP("timestamp", "TIMESTAMPTZ", "timestamptz"),
    DATE("date", "DATE", "date"),
    JSON("json", "JSONB", "jsonb"),
    FILE("file", "JSONB", "jsonb");

    /** The type names a definition may use, in order, for messages that list them. */
    public static final List<String> NAMES = Arrays.stream(values()).map(FieldType::wireName).toList();

    private final String wireName;
    private final String sqlType;
    private final String udtName;

    FieldType(String wireName, String sqlType, String udtName) {
        this.wireName = wireName;
        this.sqlType = sqlType;
        this.udtName = udtName;
    }

    /** The type named in metadata; {@code integer} is accepted for {@code int}. Null when unknown. */
    public static FieldType parse(String name) {
        if (name == null) {
            return null;
        }
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("integer")) {
            return INT;
        }
        for (FieldType t : values()) {
            if (t.wireName.equals(n)) {
                return t;
            }
        }
        return null;
    }

    public String wireName() {
        return wireName;
    }

    /** Column type for DDL; decimals get their scale from the field's precision. */
    public String sqlType(Integer precision) {
        if (this == DECIMAL && precision != null && precision > 0) {
            return "NUMERIC(18," + precision + ")";
        }
        return sqlType;
    }

    /** PostgreSQL's udt_name of the column (information_schema.columns). */
    public String udtName() {
        return udtName;
    }

    public boolean isInteger() {
        return switch (this) {
            case INT, BIGINT -> true;
            case STRING, TEXT, DECIMAL, BOOLEAN, UUID, TIMESTAMP, DATE, JSON, FILE -> false;
        };
    }

    public boolean isNumeric() {
        return switch (this) {
            case INT, BIGINT, DECIMAL -> true;
            case STRING, TEXT, BOOLEAN, UUID, TIMESTAMP, DATE, JSON, FILE -> false;
        };
    }

    public boolean isText() {
        return switch (this) {
            case STRING, TEXT -> true;
            case INT, BIGINT, DECIMAL, BOOLEAN, UUID, TIMESTAMP, DATE, JSON, FILE -> false;
        };
    }

    public boolean isJson() {
        return switch (this) {
            case JSON, FILE -> true;
            case STRING, TEXT, INT, BIGINT, DECIMAL, BOOLEAN, UUID, TIMESTAMP, DATE -> false;
        };
    }
}
