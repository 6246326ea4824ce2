package dev.rocket.metadata;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.expr.ExpressionEngine;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Builds an app's {@link Registry} from its system tables: the schema, then every registered kind's rows, parsed
 * (expressions compiled) and indexed. A row that no longer parses is skipped with a warning, so one bad definition
 * never takes an app down.
 */
public final class RegistryLoader {
    private static final Logger LOG = Logger.getLogger(RegistryLoader.class.getName());

    private final ExpressionEngine engine;
    private final List<DefinitionKind<?, ?>> kinds;

    public RegistryLoader(ExpressionEngine engine, List<DefinitionKind<?, ?>> kinds) {
        this.engine = engine;
        this.kinds = List.copyOf(kinds);
    }

    public Registry load(Connection c) throws SQLException {
        Schema schema = Schema.load(c);
        Registry.Builder b = Registry.of(schema);
        for (DefinitionKind<?, ?> kind : kinds) {
            add(c, schema, b, kind);
        }
        return b.build();
    }

    private <D> void add(Connection c, Schema schema, Registry.Builder b, DefinitionKind<D, ?> kind) throws SQLException {
        List<D> defs = new ArrayList<>();
        for (Map<String, Object> row : Jdbc.query(c, SqlFragment.of("SELECT id, " + String.join(", ", kind.columns())
                + " FROM " + kind.table() + " ORDER BY " + kind.order()))) {
            try {
                defs.add(kind.load(row, schema, engine));
            } catch (RuntimeException ex) {
                LOG.warning("Skipping invalid " + kind.singular() + " " + row.get("id") + ": " + ex.getMessage());
            }
        }
        b.with(kind, defs);
    }
}
