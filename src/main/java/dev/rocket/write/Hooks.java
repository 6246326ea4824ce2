package dev.rocket.write;

import dev.rocket.auth.Caller;
import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.error.ApiException;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.Hook;
import dev.rocket.metadata.Registry;
import dev.rocket.metadata.Values;
import dev.rocket.query.Condition;
import dev.rocket.query.IncludeLoader;
import dev.rocket.query.QueryPlanner;
import dev.rocket.query.ReadPlan;
import dev.rocket.request.ReadRequest;
import dev.rocket.rules.RuleDef;
import dev.rocket.rules.RuleEvaluator;
import dev.rocket.rules.RuleKind;
import dev.rocket.statemachine.StateMachineDef;
import dev.rocket.statemachine.StateMachineEvaluator;
import dev.rocket.statemachine.StateMachineKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Business logic inside the write transaction: before_write rules and state machines before each row
 * is written (parent and nested children alike), after_write rules once everything is written,
 * before_delete rules before cascades. Entities without rules or machines cost nothing here.
 */
final class Hooks {
    private final Connection c;
    private final Registry registry;
    private final Caller caller;
    /** The write's one {@code now} for every rule of it, taken when the first rule needs it. */
    private String now;
    private final List<Object[]> written = new ArrayList<>();

    Hooks(Connection c, Registry registry, Caller caller) {
        this.c = c;
        this.registry = registry;
        this.caller = caller;
    }

    /** Rules (field → expression → computed) then state machines; may change {@code values}. */
    List<StateMachineEvaluator.Deferred> beforeWrite(EntityDef e, Map<String, Object> values, Map<String, Object> before)
            throws SQLException {
        List<RuleDef> rules = registry.index(RuleKind.KIND).of(e.name(), Hook.BEFORE_WRITE);
        List<StateMachineDef> machines = registry.index(StateMachineKind.KIND).of(e.name());
        if (rules.isEmpty() && machines.isEmpty()) {
            return List.of();
        }
        boolean create = before == null;
        Map<String, Object> env = env(e, create ? "create" : "update", merged(e, values, before), before, rules,
                !machines.isEmpty());
        if (!rules.isEmpty()) {
            List<Map<String, Object>> errors = RuleEvaluator.run(e, rules, values, create, env);
            if (!errors.isEmpty()) {
                throw ApiException.validation("Validation failed", errors);
            }
        }
        if (machines.isEmpty()) {
            return List.of();
        }
        return StateMachineEvaluator.apply(e, machines, create, values, before, caller, env);
    }

    void written(EntityDef e, Map<String, Object> row, Map<String, Object> before) {
        if (!registry.index(RuleKind.KIND).of(e.name(), Hook.AFTER_WRITE).isEmpty()) {
            written.add(new Object[] {e, row, before});
        }
    }

    /** after_write rules on every row written in this transaction; a violation rolls everything back. */
    void afterWrite() throws SQLException {
        for (Object[] w : written) {
            EntityDef e = (EntityDef) w[0];
            @SuppressWarnings("unchecked")
            Map<String, Object> row = (Map<String, Object>) w[1];
            @SuppressWarnings("unchecked")
            Map<String, Object> before = (Map<String, Object>) w[2];
            List<RuleDef> rules = registry.index(RuleKind.KIND).of(e.name(), Hook.AFTER_WRITE);
            Map<String, Object> env = env(e, before == null ? "create" : "update", new LinkedHashMap<>(row), before, rules,
                    false);
            Map<String, Object> computed = new LinkedHashMap<>();
            List<Map<String, Object>> errors = RuleEvaluator.run(e, rules, computed, before == null, env);
            if (!errors.isEmpty()) {
                throw ApiException.validation("Validation failed", errors);
            }
            if (!computed.isEmpty()) {
                store(e, row, computed);
            }
        }
        written.clear();
    }

    /**
     * after_write computed rules see the row with everything written in this request, nested rows
     * included (e.g. an order total summing its lines through related_load); their values are stored on
     * the row, which is updated in place so that the answer shows them.
     */
    private void store(EntityDef e, Map<String, Object> row, Map<String, Object> computed) throws SQLException {
        SqlFragment.Builder b = SqlFragment.builder().sql("UPDATE ").sql(e.quotedTable()).sql(" AS t SET ");
        boolean first = true;
        for (Map.Entry<String, Object> en : computed.entrySet()) {
            b.sql(first ? "" : ", ").sql(e.field(en.getKey()).quoted()).sql(" = ").bind(en.getValue());
            first = false;
        }
        Object pk;
        try {
            pk = Values.coerce(e.pk().type(), e.pk().precision(), row.get(e.pkField()));
        } catch (Values.TypeMismatch ex) {
            throw new IllegalStateException("primary key of a written " + e.name() + " row: " + ex.getMessage(), ex);
        }
        b.sql(" WHERE t.").sql(e.pk().quoted()).sql(" = ").bind(pk).sql(" RETURNING ").sql(e.selectList());
        Map<String, Object> stored = Jdbc.queryOne(c, b.build());
        if (stored != null) {
            row.putAll(stored);
        }
    }

    void beforeDelete(EntityDef e, Map<String, Object> row) throws SQLException {
        List<RuleDef> rules = registry.index(RuleKind.KIND).of(e.name(), Hook.BEFORE_DELETE);
        if (rules.isEmpty()) {
            return;
        }
        Map<String, Object> env = env(e, "delete", new LinkedHashMap<>(row), row, rules, false);
        List<Map<String, Object>> errors = RuleEvaluator.run(e, rules, null, false, env);
        if (!errors.isEmpty()) {
            throw ApiException.validation("Validation failed", errors);
        }
    }

    /** create: payload with defaults; update: current row overlaid with the payload (docs/rules.md#what-an-expression-sees). */
    private static Map<String, Object> merged(EntityDef e, Map<String, Object> values, Map<String, Object> before) {
        Map<String, Object> record = new LinkedHashMap<>(e.fields().size() * 2);
        if (before != null) {
            record.putAll(before);
        } else {
            for (FieldDef f : e.fields()) {
                record.put(f.name(), f.defaultValue());
            }
        }
        for (Map.Entry<String, Object> en : values.entrySet()) {
            record.put(en.getKey(), Values.toJson(en.getValue()));
        }
        return record;
    }

    /**
     * What the rules (and, with {@code everything}, the state machines) see. {@code user} and {@code now} are only
     * built when a rule could read them: its text names them, or it calls {@code sum()}, whose inner expression is
     * any text. An expression cannot reach a variable it does not name.
     */
    private Map<String, Object> env(EntityDef e, String action, Map<String, Object> record, Map<String, Object> old,
                                    List<RuleDef> rules, boolean everything) throws SQLException {
        Map<String, Object> env = new HashMap<>(16);
        env.put("record", record);
        env.put("old", old == null ? null : new LinkedHashMap<>(old));
        env.put("action", action);
        if (everything || reads(rules, "user")) {
            Map<String, Object> user = new LinkedHashMap<>(4);
            user.put("id", caller.id());
            user.put("roles", caller.roles());
            env.put("user", user);
        }
        if (everything || reads(rules, "now")) {
            if (now == null) {
                now = Jdbc.isoUtc(Instant.now());
            }
            env.put("now", now);
        }
        env.put("related", related(e, record, rules));
        return env;
    }

    private static boolean reads(List<RuleDef> rules, String name) {
        for (RuleDef r : rules) {
            if (r.expression() != null && (r.expression().source().contains(name) || r.expression().source().contains("sum"))) {
                return true;
            }
        }
        return false;
    }

    /** Relations named by the rules' related_load, loaded for this record with their filters. */
    private Map<String, Object> related(EntityDef e, Map<String, Object> record, List<RuleDef> rules) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RuleDef r : rules) {
            for (RuleDef.RelatedLoad rl : r.relatedLoad()) {
                if (out.containsKey(rl.relation())) {
                    continue;
                }
                Registry.Link link = registry.resolve(e.name(), rl.relation());
                EntityDef other = registry.entity(link.otherEntity());
                List<ReadRequest.FilterParam> filters = rl.filterParams();
                List<Condition> conds = new ArrayList<>();
                ReadPlan filterPlan = QueryPlanner.plan(registry, other, new ReadRequest(filters, List.of(), 1, 1, List.of()),
                        List.of(), x -> List.of());
                conds.addAll(filterPlan.conditions());
                List<Map<String, Object>> holder = new ArrayList<>();
                holder.add(new LinkedHashMap<>(record));
                new IncludeLoader(registry, x -> x == other ? conds : List.of())
                        .load(c, holder, List.of(new ReadPlan.Include(rl.relation(), link)));
                out.put(rl.relation(), holder.get(0).get(rl.relation()));
            }
        }
        return out;
    }
}
