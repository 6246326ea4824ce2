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
import dev.rocket.write.AuditLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code POST /_admin/import}: every definition kind (in {@link Definitions} order) and sample data in ONE
 * transaction — PostgreSQL DDL is transactional, so on any error nothing changes and the 422 lists every failing
 * item. Items equal to existing ones are skipped, so a re-import of the same document changes nothing. A dry run
 * ({@code ?dry_run=true}) runs the same import and rolls it back, answering what would be created, skipped and
 * rejected.
 */
public final class ImportService {
    private final Definitions definitions;
    private final Consumer<AppContext> changed;

    public ImportService(Definitions definitions, Consumer<AppContext> changed) {
        this.definitions = definitions;
        this.changed = changed;
    }

    public Map<String, Object> importDoc(AppContext app, Map<String, Object> body, String userId) {
        return importDoc(app, body, false, userId);
    }

    /**
     * Imports the document, or with {@code dryRun} runs the very same import in a transaction that is
     * rolled back: the answer lists what would be created, skipped (equal to an existing item) and
     * rejected (with the reason), and nothing changes. Sample records are audited as created by {@code userId}.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> importDoc(AppContext app, Map<String, Object> body, boolean dryRun, String userId) {
        Map<String, Object> doc = body;
        if (!body.containsKey("version") && !body.containsKey("entities") && body.get("data") instanceof Map<?, ?> d) {
            doc = (Map<String, Object>) d; // the export envelope is accepted as well (docs/export-import.md)
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
        Run done;
        try {
            done = Tx.inTransaction(app.dataSource(), c -> {
                EntityStore.lock(c);
                Run run = new Run(c, definitions, userId);
                for (DefinitionStore store : definitions.all()) {
                    for (Map<String, Object> item : list(d, store.section())) {
                        String name = item == null ? "null" : store.name(item);
                        run.item(store.section(), store.singular() + " " + name, name,
                                () -> store.importItem(c, require(item)));
                    }
                }
                run.sampleData(list(d, "entities"), list(d, "relations"),
                        d.get("sample_data") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of());
                if (dryRun) {
                    throw new DryRun(run); // rolls the transaction back
                }
                if (!run.errors.isEmpty()) {
                    throw ApiException.validation("Import failed: " + run.errors.size() + " item(s) could not be imported",
                            run.errors.stream().map(Details::message).toList());
                }
                return run;
            }, app::recordsChanged); // sample data
        } catch (DryRun r) {
            return r.run.dryRunAnswer();
        }
        changed.accept(app);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("message", "Import completed");
        out.put("summary", done.summary);
        return out;
    }

    /** Carries a dry run's findings out of its transaction, which it rolls back on the way. */
    private static final class DryRun extends RuntimeException {
        private final transient Run run;

        DryRun(Run run) {
            super("dry run", null, false, false);
            this.run = run;
        }
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
        private final Map<String, List<Object>> created = new LinkedHashMap<>();
        private final Map<String, List<Object>> skipped = new LinkedHashMap<>();
        private final List<Map<String, Object>> rejected = new ArrayList<>();
        private final String userId;
        private int savepoint;

        Run(Connection c, Definitions definitions, String userId) {
            this.c = c;
            this.userId = userId;
            for (DefinitionStore s : definitions.all()) {
                summary.put(s.section(), 0);
                created.put(s.section(), new ArrayList<>());
                skipped.put(s.section(), new ArrayList<>());
            }
            summary.put("records", 0);
            created.put("records", new ArrayList<>());
            skipped.put("records", new ArrayList<>());
        }

        /** The answer of a dry run: per section what would be created and skipped, and every rejected item. */
        Map<String, Object> dryRunAnswer() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("message", errors.isEmpty() ? "Dry run: the import would succeed; nothing was changed"
                    : "Dry run: the import would fail with " + errors.size() + " rejected item(s); nothing was changed");
            out.put("dry_run", true);
            out.put("valid", errors.isEmpty());
            out.put("summary", summary);
            out.put("create", created);
            out.put("skip", skipped);
            out.put("reject", rejected);
            return out;
        }

        interface Work {
            boolean run() throws SQLException; // true = created (counted), false = skipped
        }

        /** Each item in its own savepoint, so one failure does not abort the checks of the others. */
        void item(String section, String label, Object name, Work work) throws SQLException {
            String sp = "import_" + (++savepoint);
            Jdbc.execute(c, "SAVEPOINT " + sp);
            try {
                if (work.run()) {
                    summary.merge(section, 1, (a, b) -> (Integer) a + (Integer) b);
                    created.get(section).add(name);
                } else if (!"records".equals(section)) {
                    skipped.get(section).add(name);
                }
                Jdbc.execute(c, "RELEASE SAVEPOINT " + sp);
            } catch (ApiException e) {
                Jdbc.execute(c, "ROLLBACK TO SAVEPOINT " + sp);
                reject(section, label, name, e.getMessage());
            } catch (SQLException e) {
                Jdbc.execute(c, "ROLLBACK TO SAVEPOINT " + sp);
                ApiException t = SqlErrors.translate(e);
                reject(section, label, name, t != null ? t.getMessage() : "database error");
            }
        }

        private void reject(String section, String label, Object name, String message) {
            errors.add(label + ": " + message);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("section", section);
            r.put("item", name);
            r.put("message", message);
            rejected.add(r);
        }

        void sampleData(List<Map<String, Object>> entities, List<Map<String, Object>> relations, Map<String, Object> data)
                throws SQLException {
            if (data.isEmpty()) {
                return;
            }
            Schema reg = Schema.load(c);
            SampleData sample = new SampleData(c, reg, new AuditLog(userId));
            for (Map<String, Object> e : entities) {
                Object name = e == null ? null : e.get("name");
                if (name instanceof String n && data.get(n) instanceof List<?> rows) {
                    item("records", "sample_data " + n, n, () -> {
                        records(n, rows.size(), sample.entityRows(n, rows));
                        return false;
                    });
                }
            }
            for (Map<String, Object> r : relations) {
                Object jt = r == null ? null : r.get("join_table");
                if (jt instanceof String j && data.get(j) instanceof List<?> rows && r.get("name") instanceof String rel
                        && reg.relation(rel) != null) {
                    item("records", "sample_data " + j, j, () -> {
                        records(j, rows.size(), sample.joinRows(reg.relation(rel), rows));
                        return false;
                    });
                }
            }
        }
    
        /** Sample rows of one entity or join table: {@code inserted} of {@code given} rows were new. */
        private void records(String name, int given, int inserted) {
            summary.merge("records", inserted, (a, b) -> (Integer) a + (Integer) b);
            if (inserted > 0) {
                created.get("records").add(rows(name, inserted));
            }
            if (given > inserted) {
                skipped.get("records").add(rows(name, given - inserted));
            }
        }

        private static Map<String, Object> rows(String name, int count) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            m.put("rows", count);
            return m;
        }
    }
}
