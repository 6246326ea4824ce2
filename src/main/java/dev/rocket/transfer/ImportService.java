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
 * so a re-import of the same document changes nothing.
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
        for (String s : SECTIONS) {
            if (doc.get(s) != null && !(doc.get(s) instanceof List<?>)) {
                throw ApiException.validation(s + " must be an array");
            }
        }
        if (doc.get("sample_data") != null && !(doc.get("sample_data") instanceof Map<?, ?>)) {
            throw ApiException.validation("sample_data must be an object");
        }
        Map<String, Object> d = doc;
        Map<String, Object> summary = Tx.inTransaction(app.dataSource(), c -> {
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
            if (!run.errors.isEmpty()) {
                throw ApiException.validation("Import failed: " + run.errors.size() + " item(s) could not be imported",
                        run.errors.stream().map(Details::message).toList());
            }
            return run.summary;
        });
        app.recordsChanged(); // sample data
        changed.accept(app);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("message", "Import completed");
        out.put("summary", summary);
        return out;
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
        private int savepoint;

        Run(Connection c, ExpressionEngine engine) {
            this.c = c;
            this.engine = engine;
            for (String s : SECTIONS) {
                summary.put(s, 0);
            }
            summary.put("records", 0);
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
                }
                Jdbc.execute(c, "RELEASE SAVEPOINT " + sp);
            } catch (ApiException e) {
                Jdbc.execute(c, "ROLLBACK TO SAVEPOINT " + sp);
                errors.add(kind + " " + name + ": " + e.getMessage());
            } catch (SQLException e) {
                Jdbc.execute(c, "ROLLBACK TO SAVEPOINT " + sp);
                ApiException t = SqlErrors.translate(e);
                errors.add(kind + " " + name + ": " + (t != null ? t.getMessage() : "database error"));
            }
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
                        summary.merge("records", sample.entityRows(n, rows), (a, b) -> (Integer) a + (Integer) b);
                        return false;
                    });
                }
            }
            for (Map<String, Object> r : relations) {
                Object jt = r == null ? null : r.get("join_table");
                if (jt instanceof String j && data.get(j) instanceof List<?> rows && r.get("name") instanceof String rel
                        && reg.relation(rel) != null) {
                    item("records", "sample_data", j, () -> {
                        summary.merge("records", sample.joinRows(reg.relation(rel), rows), (a, b) -> (Integer) a + (Integer) b);
                        return false;
                    });
                }
            }
        }

        private static Map<String, Object> require(Map<String, Object> m) {
            if (m == null) {
                throw ApiException.validation("must be an object");
            }
            return m;
        }
    }
}
