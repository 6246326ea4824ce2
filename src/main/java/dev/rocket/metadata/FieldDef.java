package dev.rocket.metadata;

import java.util.List;

/**
 * One field of an entity (docs/metadata.md#fields), validated. {@code auto} is null, "create" or "update".
 * {@code indexed} asks for a (non-unique) b-tree index on the column, for fields that lists filter or
 * sort on. {@code quoted} is the quoted column identifier, prepared once.
 */
public record FieldDef(String name, FieldType type, boolean required, boolean unique, boolean indexed,
                       Object defaultValue, boolean nullable, List<String> enumValues, Integer precision, String auto,
                       String quoted) {

    public boolean isAuto() {
        return auto != null;
    }

    /** Column NOT NULL iff required and not nullable (the PK is handled separately). */
    public boolean notNull() {
        return required && !nullable;
    }

    public String sqlType() {
        return type.sqlType(precision);
    }
}
