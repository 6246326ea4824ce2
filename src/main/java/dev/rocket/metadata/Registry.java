package dev.rocket.metadata;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable snapshot of one app's metadata: the {@link Schema} plus what each {@link DefinitionKind} keeps of
 * its definitions (its index, looked up with {@link #index}). Built when metadata changes and swapped atomically;
 * requests keep the snapshot they started with. Names no kind: the kinds are registered by the composition root.
 */
public final class Registry extends Schema {
    public static final Registry EMPTY = new Registry(Schema.EMPTY, Map.of());

    private final Map<String, Object> indexes;

    /** A schema without other definitions (tests, validation). */
    public Registry(Map<String, EntityDef> entities, Map<String, RelationDef> relations) {
        this(new Schema(entities, relations), Map.of());
    }

    /** @param indexes each kind's index by {@link DefinitionKind#path()} */
    Registry(Schema schema, Map<String, Object> indexes) {
        super(schema);
        this.indexes = Collections.unmodifiableMap(new LinkedHashMap<>(indexes));
    }

    /** A snapshot of {@code schema} with the given definitions of each kind (tests build registries this way). */
    public static Builder of(Schema schema) {
        return new Builder(schema);
    }

    /** What the kind keeps for this app; the empty index when the snapshot has none of that kind. */
    @SuppressWarnings("unchecked")
    public <I> I index(DefinitionKind<?, I> kind) {
        Object i = indexes.get(kind.path());
        return i != null ? (I) i : kind.index(List.of());
    }

    /** Collects the definitions of each kind, then indexes them. */
    public static final class Builder {
        private final Schema schema;
        private final Map<String, Object> indexes = new LinkedHashMap<>();

        private Builder(Schema schema) {
            this.schema = schema;
        }

        public <D> Builder with(DefinitionKind<D, ?> kind, List<D> defs) {
            indexes.put(kind.path(), kind.index(List.copyOf(defs)));
            return this;
        }

        public Registry build() {
            return new Registry(schema, indexes);
        }
    }
}
