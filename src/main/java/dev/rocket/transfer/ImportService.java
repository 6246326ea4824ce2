package dev.rocket.transfer;

import dev.rocket.admin.DefinitionStore;
import dev.rocket.admin.Definitions;
import dev.rocket.admin.EntityStore;
import dev.rocket.db.Jdbc;
import dev.rocket.db.Tx;
import dev.rocket.error.ApiException;
import dev.rocket.error.Details;
import dev.rocket.error.SqlErrors;
import dev.rocket.metadata.Schema;
import dev.rocket.tenancy.AppContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code POST /_admin/import}: every definition kind (in {@link Definitions} order) and sample data in ONE transaction — PostgreSQL DDL is transactional, so on any
 * error nothing changes and the 422 lists every failing item. Items equal to existing ones are skipped,
 * so a re-import of the same document changes nothing.
 */
public final class ImportService {
    private final Definitions definitions;
    private final Consumer<AppContext> changed;

    public ImportService(Definitions definitions, Consumer<AppContext> changed) {
        this.definitions = definitions;
        this.changed = changed;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> importDoc(AppContext app, Map<String, Object> body) {
        Map<String, Object> doc = body;
        if (!body.containsKey("version") && !body.containsKey("entities") && body.get("data") instanceof Map<?, ?> d) {
            doc = (Map<String, Object>) d; // the export envelope is accepted as well (G-55)
        }
        Object version = doc.get("version");
        if (version != null && !(version instanceof Number n && n.doubleValue() == 1)) {
            throw ApiException.validation("Unsupported schema version: " + version);
        }
        for (DefinitionStore store : definitions.all()) {
            String s = store.section();
            if (doc.get(s) != null && !(doc.get(s) instanceof List<?>)) {
                throw ApiException.validation(s + " must be an array");
            }
        }
        if (doc.get("sample_data") != null && !(doc.get("sample_data") instanceof Map<?, ?>)) {
            throw ApiException.validation("sample_data must be an object");
        }
        Map<String, Object> d = doc;
        Map<String, Object> summary = Tx.inTransaction(app.dataSource(), c -> {
            EntityStore.lock(c);
            Run run = new Run(c, definitions);
            for (DefinitionStore store : definitions.all()) {
                for (Map<String, Object> item : list(d, store.section())) {
                    run.item(store.section(), store.label(item), () -> store.importItem(c, require(item)));
                }
            }
            run.sampleData(list(d, "entities"), list(d, "relations"),
                    d.get("sample_data") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of());
            if (!run.errors.isEmpty()) {
                throw ApiException.validation("Import failed: " + run.errors.size() + " item(s) could not be imported",
                        run.errors.stream().map(Details::message).toList());
            }
            return run.summary;
        });
        changed.accept(app);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("message", "Import completed");
        out.put("summary", summary);
        return out;
    }

    private static Map<String, Object> require(Map<String, Object> m) {
        if (m == null) {
            throw ApiException.validation("must be an object");
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> doc, String key) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (doc.get(key) instanceof List<?> l) {
            for (Object o : l) {
                out.add(o instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : null);
            }
        }
        return out;
    }

    /** One import: its transaction, the counts and the errors so far. */
    private static final class Run {
        private final Connection c;
        private final Map<String, Object> summary = new LinkedHashMap<>();
        private final List<String> errors = new ArrayList<>();
        private int savepoint;

        Run(Connection c, Definitions definitions) {
            this.c = c;
            for (DefinitionStore s : definitions.all()) {
                summary.put(s.section(), 0);
            }
            summary.put("records", 0);
        }

        interface Work {
            boolean run() throws SQLException; // true = created (counted), false = skipped
        }

        /** Each item in its own savepoint, so one failure does not abort the checks of the others. */
        void item(String section, String label, Work work) throws SQLException {
            String sp = "import_" + (++savepoint);
            Jdbc.execute(c, "SAVEPOINT " + sp);
            try {
                if (work.run()) {
                    summary.merge(section, 1, (a, b) -> (Integer) a + (Integer) b);
                }
                Jdbc.execute(c, "RELEASE SAVEPOINT " + sp);
            } catch (ApiException e) {
                Jdbc.execute(c, "ROLLBACK TO SAVEPOINT " + sp);
                errors.add(label + ": " + e.getMessage());
            } catch (SQLException e) {
                Jdbc.execute(c, "ROLLBACK TO SAVEPOINT " + sp);
                ApiException t = SqlErrors.translate(e);
                errors.add(label + ": " + (t != null ? t.getMessage() : "database error"));
            }
        }

        void sampleData(List<Map<String, Object>> entities, List<Map<String, Object>> relations, Map<String, Object> data)
                throws SQLException {
            if (data.isEmpty()) {
                return;
            }
            Schema reg = Schema.load(c);
            SampleData sample = new SampleData(c, reg);
            for (Map<String, Object> e : entities) {
                Object name = e == null ? null : e.get("name");
                if (name instanceof String n && data.get(n) instanceof List<?> rows) {
                    item("records", "sample_data " + n, () -> {
                        summary.merge("records", sample.entityRows(n, rows), (a, b) -> (Integer) a + (Integer) b);
                        return false;
                    });
                }
            }
            for (Map<String, Object> r : relations) {
                Object jt = r == null ? null : r.get("join_table");
                if (jt instanceof String j && data.get(j) instanceof List<?> rows && r.get("name") instanceof String rel
                        && reg.relation(rel) != null) {
                    item("records", "sample_data " + j, () -> {
                        summary.merge("records", sample.joinRows(reg.relation(rel), rows), (a, b) -> (Integer) a + (Integer) b);
                        return false;
                    });
                }
            }
        }
    }
}
