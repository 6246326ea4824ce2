package dev.rocket.rules;

import dev.rocket.db.Jdbc;
import dev.rocket.db.Rows;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.error.ApiException;
import dev.rocket.expr.ExpressionEngine;
import dev.rocket.statemachine.StateMachineDef;
import dev.rocket.statemachine.StateMachineParser;
import dev.rocket.tenancy.AppContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Admin API for rules ({@code /_admin/rules}) and state machines ({@code /_admin/state-machines}).
 * Definitions are validated and their expressions compiled before anything is stored (422 otherwise).
 */
public final class LogicService {
    private static final String RULE_COLUMNS = "id, entity, hook, type, definition, priority, active, created_at, updated_at";
    private static final String SM_COLUMNS = "id, entity, field, definition, active, created_at, updated_at";

    private final ExpressionEngine engine;
    private final Consumer<AppContext> changed;

    public LogicService(ExpressionEngine engine, Consumer<AppContext> changed) {
        this.engine = engine;
        this.changed = changed;
    }

    // ---------------------------------------------------------------- rules

    public List<Map<String, Object>> listRules(AppContext app) {
        return Tx.read(app.dataSource(), c -> Jdbc.query(c, SqlFragment.of(
                "SELECT " + RULE_COLUMNS + " FROM _rules ORDER BY entity, priority, created_at")));
    }

    public Map<String, Object> getRule(AppContext app, String id) {
        return Rows.byId(app.dataSource(), "_rules", RULE_COLUMNS, id, "Rule not found: ");
    }

    public Map<String, Object> createRule(AppContext app, Map<String, Object> body) {
        RuleParser.checkKeys(body);
        RuleDef r = RuleParser.parse(body, app.registry(), engine);
        Object id = Tx.inTransaction(app.dataSource(), c -> insertRule(c, r));
        changed.accept(app);
        return ruleResponse(r, id);
    }

    public Map<String, Object> updateRule(AppContext app, String id, Map<String, Object> body) {
        UUID uuid = Rows.requireUuid(id, "Rule not found: ");
        RuleParser.checkKeys(body);
        RuleDef r = RuleParser.parse(body, app.registry(), engine);
        int n = Tx.inTransaction(app.dataSource(), c -> Jdbc.update(c, SqlFragment.of(
                "UPDATE _rules SET entity = ?, hook = ?, type = ?, definition = ?, priority = ?, active = ?, "
                        + "updated_at = NOW() WHERE id = ?",
                r.entity(), r.hook().wireName(), r.type().wireName(), new Jdbc.JsonValue(r.definition()), r.priority(), r.active(), uuid)));
        if (n == 0) {
            throw ApiException.notFound("Rule not found: " + id);
        }
        changed.accept(app);
        return ruleResponse(r, id);
    }

    public void deleteRule(AppContext app, String id) {
        Rows.deleteById(app.dataSource(), "_rules", id, "Rule not found: ");
        changed.accept(app);
    }

    private static Map<String, Object> ruleResponse(RuleDef r, Object id) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id.toString());
        out.put("entity", r.entity());
        out.put("hook", r.hook().wireName());
        out.put("type", r.type().wireName());
        out.put("definition", r.definition());
        out.put("priority", r.priority());
        out.put("active", r.active());
        return out;
    }

    // ---------------------------------------------------------------- state machines

    public List<Map<String, Object>> listStateMachines(AppContext app) {
        return Tx.read(app.dataSource(), c -> Jdbc.query(c, SqlFragment.of(
                "SELECT " + SM_COLUMNS + " FROM _state_machines ORDER BY entity, created_at")));
    }

    public Map<String, Object> getStateMachine(AppContext app, String id) {
        return Rows.byId(app.dataSource(), "_state_machines", SM_COLUMNS, id, "State machine not found: ");
    }

    public Map<String, Object> createStateMachine(AppContext app, Map<String, Object> body) {
        StateMachineParser.checkKeys(body);
        StateMachineDef m = StateMachineParser.parse(body, app.registry(), engine);
        Object id = Tx.inTransaction(app.dataSource(), c -> insertStateMachine(c, m));
        changed.accept(app);
        return smResponse(m, id);
    }

    public Map<String, Object> updateStateMachine(AppContext app, String id, Map<String, Object> body) {
        UUID uuid = Rows.requireUuid(id, "State machine not found: ");
        StateMachineParser.checkKeys(body);
        StateMachineDef m = StateMachineParser.parse(body, app.registry(), engine);
        int n = Tx.inTransaction(app.dataSource(), c -> Jdbc.update(c, SqlFragment.of(
                "UPDATE _state_machines SET entity = ?, field = ?, definition = ?, active = ?, updated_at = NOW() WHERE id = ?",
                m.entity(), m.field(), new Jdbc.JsonValue(m.definition()), m.active(), uuid)));
        if (n == 0) {
            throw ApiException.notFound("State machine not found: " + id);
        }
        changed.accept(app);
        return smResponse(m, id);
    }

    public void deleteStateMachine(AppContext app, String id) {
        Rows.deleteById(app.dataSource(), "_state_machines", id, "State machine not found: ");
        changed.accept(app);
    }

    private static Map<String, Object> smResponse(StateMachineDef m, Object id) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id.toString());
        out.put("entity", m.entity());
        out.put("field", m.field());
        out.put("definition", m.definition());
        out.put("active", m.active());
        return out;
    }

    // ---------------------------------------------------------------- shared

    /** Stores a validated rule on the caller's transaction; returns its id. */
    public static Object insertRule(java.sql.Connection c, RuleDef r) throws java.sql.SQLException {
        return Jdbc.queryOne(c, SqlFragment.of(
                "INSERT INTO _rules (entity, hook, type, definition, priority, active) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                r.entity(), r.hook().wireName(), r.type().wireName(), new Jdbc.JsonValue(r.definition()), r.priority(), r.active())).get("id");
    }

    /** Stores a validated state machine on the caller's transaction; returns its id. */
    public static Object insertStateMachine(java.sql.Connection c, StateMachineDef m) throws java.sql.SQLException {
        return Jdbc.queryOne(c, SqlFragment.of(
                "INSERT INTO _state_machines (entity, field, definition, active) VALUES (?, ?, ?, ?) RETURNING id",
                m.entity(), m.field(), new Jdbc.JsonValue(m.definition()), m.active())).get("id");
    }
}
