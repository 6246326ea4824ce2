package dev.rocket.metadata;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

/**
 * An app's entities and relations, parsed and indexed: what every other definition is validated against and
 * what queries and writes resolve names with. Immutable. {@link Registry} adds the other definition kinds.
 */
public class Schema {
    private static final Logger LOG = Logger.getLogger(Schema.class.getName());
    public static final Schema EMPTY = new Schema(Map.of(), Map.of());

    private final Map<String, EntityDef> entities;
    private final Map<String, RelationDef> relations;
    private final Map<String, List<RelationDef>> bySource;
    private final Map<String, List<RelationDef>> byTarget;
    private final Set<String> tables;

    public Schema(Map<String, EntityDef> entities, Map<String, RelationDef> relations) {
        this.entities = Collections.unmodifiableMap(new LinkedHashMap<>(entities));
        this.relations = Collections.unmodifiableMap(new LinkedHashMap<>(relations));
        Map<String, List<RelationDef>> s = new LinkedHashMap<>();
        Map<String, List<RelationDef>> t = new LinkedHashMap<>();
        for (RelationDef r : relations.values()) {
            s.computeIfAbsent(r.source(), k -> new ArrayList<>()).add(r);
            t.computeIfAbsent(r.target(), k -> new ArrayList<>()).add(r);
        }
        s.replaceAll((k, v) -> List.copyOf(v));
        t.replaceAll((k, v) -> List.copyOf(v));
        this.bySource = Collections.unmodifiableMap(s);
        this.byTarget = Collections.unmodifiableMap(t);
        Set<String> tb = new HashSet<>();
        for (EntityDef e : entities.values()) {
            tb.add(e.table());
        }
        this.tables = Set.copyOf(tb);
    }

    /** The same schema (shares its maps): for {@link Registry}, which adds the other kinds to it. */
    Schema(Schema other) {
        this.entities = other.entities;
        this.relations = other.relations;
        this.bySource = other.bySource;
        this.byTarget = other.byTarget;
        this.tables = other.tables;
    }

    /** Entities and relations as stored; unparsable rows are skipped with a warning. */
    @SuppressWarnings("unchecked")
    public static Schema load(Connection c) throws SQLException {
        Map<String, EntityDef> entities = new LinkedHashMap<>();
        for (Map<String, Object> row : Jdbc.query(c, SqlFragment.of("SELECT name, definition FROM _entities ORDER BY name"))) {
            try {
                EntityDef e = EntityParser.parse((Map<String, Object>) row.get("definition"));
                entities.put(e.name(), e);
            } catch (RuntimeException ex) {
                LOG.warning("Skipping unparsable entity " + row.get("name") + ": " + ex.getMessage());
            }
        }
        Schema partial = new Schema(entities, Map.of());
        Map<String, RelationDef> relations = new LinkedHashMap<>();
        for (Map<String, Object> row : Jdbc.query(c, SqlFragment.of("SELECT name, definition FROM _relations ORDER BY name"))) {
            try {
                RelationDef r = RelationParser.parse((Map<String, Object>) row.get("definition"), partial);
                relations.put(r.name(), r);
            } catch (RuntimeException ex) {
                LOG.warning("Skipping unparsable relation " + row.get("name") + ": " + ex.getMessage());
            }
        }
        return new Schema(entities, relations);
    }

    /** The entity of that name, or null. */
    public EntityDef entity(String name) {
        return name == null ? null : entities.get(name);
    }

    public Map<String, EntityDef> entities() {
        return entities;
    }

    /** The relation of that name, or null. */
    public RelationDef relation(String name) {
        return relations.get(name);
    }

    public Map<String, RelationDef> relations() {
        return relations;
    }

    /** Relations whose source is the entity. */
    public List<RelationDef> relationsFrom(String entity) {
        return bySource.getOrDefault(entity, List.of());
    }

    /** Relations whose target is the entity. */
    public List<RelationDef> relationsTo(String entity) {
        return byTarget.getOrDefault(entity, List.of());
    }

    /** Whether an entity of this schema stores its records in that table. */
    public boolean tableInUse(String table) {
        return tables.contains(table);
    }

    /**
     * Resolves a relation as seen from {@code entity}: by relation name (forward when the entity is the source,
     * reverse when it is the target), else by the other entity's name.
     */
    public Link resolve(String entity, String name) {
        RelationDef r = relations.get(name);
        if (r != null) {
            if (r.source().equals(entity)) {
                return new Link(r, true);
            }
            if (r.target().equals(entity)) {
                return new Link(r, false);
            }
        }
        for (RelationDef x : relationsTo(entity)) {
            if (x.source().equals(name)) {
                return new Link(x, false);
            }
        }
        for (RelationDef x : relationsFrom(entity)) {
            if (x.target().equals(name)) {
                return new Link(x, true);
            }
        }
        return null;
    }

    /** A relation seen from one side: {@code forward} when that side is the relation's source. */
    public record Link(RelationDef relation, boolean forward) {
        public String otherEntity() {
            return forward ? relation.target() : relation.source();
        }

        /** Forward o2m/m2m and reverse m2m give lists; o2o and reverse o2m/o2o give one object. */
        public boolean isList() {
            return forward ? relation.forwardIsList() : relation.isManyToMany();
        }
    }
}
