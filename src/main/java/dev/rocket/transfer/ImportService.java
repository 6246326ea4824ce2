package dev.rocket.transfer;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.error.ApiException;
import dev.rocket.error.Details;
import dev.rocket.error.SqlErrors;
import dev.rocket.expr.ExpressionEngine;
import dev.rocket.metadata.EntityParser;
import dev.rocket.metadata.MetadataService;
import dev.rocket.metadata.Policy;
import dev.rocket.metadata.Registry;
import dev.rocket.metadata.RelationParser;
import dev.rocket.permission.PolicyService;
import dev.rocket.rules.LogicService;
import dev.rocket.rules.RuleParser;
import dev.rocket.statemachine.StateMachineParser;
import dev.rocket.tenancy.AppContext;
import dev.rocket.workflow.WorkflowParser;
import dev.rocket.workflow.WorkflowService;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code POST /_admin/import} (SPEC §15): entities, relations, rules, state machines, workflows,
 * permissions, webhooks and sample data in ONE transaction — PostgreSQL DDL is transactional, so on any
 * error nothing changes and the 422 lists every failing item. Items equal to existing ones are skipped,
 * so a re-import of the same document changes nothing. A dry run ({@code ?dry_run=true}) runs the same
 * import and rolls it back, answering what would be created, skipped and rejected.
 */
public final class ImportService {
    static final List<String> SECTIONS = List.of("entities", "relations", "rules", "state_machines", "workflows",
            "permissions", "webhooks");

    private final ExpressionEngine engine;
    private final Consumer<AppContext> changed;

    public ImportService(ExpressionEngine engine, Consumer<AppContext> changed) {
        this.engine = engine;
        this.changed = changed;
    }

    public Map<String, Object> importDoc(AppContext app, Map<String, Object> body) {
        return importDoc(app, body, false);
    }

    /**
     * Imports the document, or with {@code dryRun} runs the very same import in a transaction that is
     * rolled back: the answer lists what would be created, skipped (equal to an existing item) and
     * rejected (with the reason), and nothing changes.
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> importDoc(AppContext app, Map<String, Object> body, boolean dryRun) {
        Map<String, Object> doc = body;
        if (!body.containsKey("version") && !body.containsKey("entities") && body.get("data") instanceof Map<?, ?> d) {
            doc = (Map<String, Object>) d; // the export envelope is accepted as well (G-55)
        }
        Object version = doc.get("version");
        if (version != null && !(version instanceof Number n && n.doubleValue() == 1)) {
            throw ApiException.validation("Unsupported schema version: " + version);
        }
        for (String s : SECTIONS) {
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
                MetadataService.lock(c);
                Run run = new Run(c, engine);
                run.entities(list(d, "entities"));
                run.relations(list(d, "relations"));
                run.rules(list(d, "rules"));
                run.stateMachines(list(d, "state_machines"));
                run.workflows(list(d, "workflows"));
                run.permissions(list(d, "permissions"));
                run.webhooks(list(d, "webhooks"));
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
            });
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
        private final ExpressionEngine engine;
        private final Map<String, Object> summary = new LinkedHashMap<>();
        private final List<String> errors = new ArrayList<>();
        private final Map<String, List<Object>> created = new LinkedHashMap<>();
        private final Map<String, List<Object>> skipped = new LinkedHashMap<>();
        private final List<Map<String, Object>> rejected = new ArrayList<>();
        private int savepoint;

        Run(Connection c, ExpressionEngine engine) {
            this.c = c;
            this.engine = engine;
            for (String s : SECTIONS) {
                summary.put(s, 0);
                created.put(s, new ArrayList<>());
                skipped.put(s, new ArrayList<>());
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
        void item(String section, String kind, Object name, Work work) throws SQLException {
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
                reject(section, kind, name, e.getMessage());
            } catch (SQLException e) {
                Jdbc.execute(c, "ROLLBACK TO SAVEPOINT " + sp);
                ApiException t = SqlErrors.translate(e);
                reject(section, kind, name, t != null ? t.getMessage() : "database error");
            }
        }

        private void reject(String section, String kind, Object name, String message) {
            errors.add(kind + " " + name + ": " + message);
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("section", section);
            r.put("item", name);
            r.put("message", message);
            rejected.add(r);
        }

        Registry schema() throws SQLException {
            return Registry.loadSchema(c);
        }

        boolean exists(String table, String where, Object... binds) throws SQLException {
            return Jdbc.queryLong(c, SqlFragment.of("SELECT COUNT(*) FROM " + table + " WHERE " + where, binds)) > 0;
        }

        void entities(List<Map<String, Object>> items) throws SQLException {
            for (Map<String, Object> e : items) {
                Object name = e == null ? null : e.get("name");
                item("entities", "entity", name, () -> {
                    if (e == null) {
                        throw ApiException.validation("must be an object");
                    }
                    if (exists("_entities", "name = ?", String.valueOf(name))) {
                        return false;
                    }
                    MetadataService.insertEntity(c, EntityParser.parse(e));
                    return true;
                });
            }
        }

        void relations(List<Map<String, Object>> items) throws SQLException {
            for (Map<String, Object> r : items) {
                Object name = r == null ? null : r.get("name");
                item("relations", "relation", name, () -> {
                    if (r == null) {
                        throw ApiException.validation("must be an object");
                    }
                    if (exists("_relations", "name = ?", String.valueOf(name))) {
                        return false;
                    }
                    Registry reg = schema();
                    MetadataService.insertRelation(c, RelationParser.parse(r, reg), reg);
                    return true;
                });
            }
        }

        void rules(List<Map<String, Object>> items) throws SQLException {
            for (Map<String, Object> r : items) {
                item("rules", "rule", r == null ? null : r.get("entity") + "." + r.get("type"), () -> {
                    var rule = RuleParser.parse(require(r), schema(), engine);
                    if (exists("_rules", "entity = ? AND hook = ? AND type = ? AND definition = ?", rule.entity(), rule.hook(),
                            rule.type(), new Jdbc.JsonValue(rule.definition()))) {
                        return false;
                    }
                    LogicService.insertRule(c, rule);
                    return true;
                });
            }
        }

        void stateMachines(List<Map<String, Object>> items) throws SQLException {
            for (Map<String, Object> m : items) {
                item("state_machines", "state_machine", m == null ? null : m.get("entity") + "." + m.get("field"), () -> {
                    var sm = StateMachineParser.parse(require(m), schema(), engine);
                    if (exists("_state_machines", "entity = ? AND field = ?", sm.entity(), sm.field())) {
                        return false;
                    }
                    LogicService.insertStateMachine(c, sm);
                    return true;
                });
            }
        }

        void workflows(List<Map<String, Object>> items) throws SQLException {
            for (Map<String, Object> w : items) {
                item("workflows", "workflow", w == null ? null : w.get("name"), () -> {
                    var wf = WorkflowParser.parse(require(w), schema(), engine);
                    if (exists("_workflows", "name = ?", wf.name())) {
                        return false;
                    }
                    WorkflowService.insert(c, wf);
                    return true;
                });
            }
        }

        void permissions(List<Map<String, Object>> items) throws SQLException {
            for (Map<String, Object> p : items) {
                item("permissions", "permission", p == null ? null : p.get("entity") + "." + p.get("action"), () -> {
                    Registry reg = schema();
                    Policy policy = Policy.parse(require(p), reg);
                    for (Map<String, Object> row : Jdbc.query(c, SqlFragment.of(
                            "SELECT entity, action, roles, conditions FROM _permissions WHERE entity = ? AND action = ?",
                            policy.entity(), policy.action()))) {
                        if (Policy.parse(row, reg).equals(policy)) {
                            return false; // full-content dedup (G-56)
                        }
                    }
                    PolicyService.insert(c, policy);
                    return true;
                });
            }
        }

        void webhooks(List<Map<String, Object>> items) throws SQLException {
            for (Map<String, Object> w : items) {
                item("webhooks", "webhook", w == null ? null : w.get("entity") + " " + w.get("url"), () -> {
                    var hook = dev.rocket.webhook.WebhookParser.parse(require(w), schema(), engine);
                    if (exists("_webhooks", "entity = ? AND hook = ? AND url = ?", hook.entity(), hook.hook(), hook.url())) {
                        return false;
                    }
                    dev.rocket.webhook.WebhookService.insert(c, hook);
                    return true;
                });
            }
        }

        void sampleData(List<Map<String, Object>> entities, List<Map<String, Object>> relations, Map<String, Object> data)
                throws SQLException {
            if (data.isEmpty()) {
                return;
            }
            Registry reg = schema();
            SampleData sample = new SampleData(c, reg);
            for (Map<String, Object> e : entities) {
                Object name = e == null ? null : e.get("name");
                if (name instanceof String n && data.get(n) instanceof List<?> rows) {
                    item("records", "sample_data", n, () -> {
                        records(n, rows.size(), sample.entityRows(n, rows));
                        return false;
                    });
                }
            }
            for (Map<String, Object> r : relations) {
                Object jt = r == null ? null : r.get("join_table");
                if (jt instanceof String j && data.get(j) instanceof List<?> rows && r.get("name") instanceof String rel
                        && reg.relation(rel) != null) {
                    item("records", "sample_data", j, () -> {
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

        private static Map<String, Object> require(Map<String, Object> m) {
            if (m == null) {
                throw ApiException.validation("must be an object");
            }
            return m;
        }
    }
}
