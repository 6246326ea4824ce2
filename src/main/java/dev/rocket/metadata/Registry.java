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
import dev.rocket.expr.ExpressionEngine;
import dev.rocket.rules.RuleDef;
import dev.rocket.rules.RuleParser;
import dev.rocket.statemachine.StateMachineDef;
import dev.rocket.statemachine.StateMachineParser;
import dev.rocket.workflow.WorkflowDef;
import dev.rocket.workflow.WorkflowParser;
import dev.rocket.webhook.WebhookDef;
import dev.rocket.webhook.WebhookParser;

/**
 * An immutable snapshot of one app's metadata: entities and relations parsed, indexed and prepared.
 * Built when metadata changes and swapped atomically; requests keep the snapshot they started with.
 */
public final class Registry {
    private static final Logger LOG = Logger.getLogger(Registry.class.getName());
    public static final Registry EMPTY = new Registry(Map.of(), Map.of());
    private final Map<String, List<Policy>> policies;
    private final Map<String, List<RuleDef>> rules;
    private final Map<String, List<StateMachineDef>> machines;
    private final Map<String, List<WorkflowDef>> workflowsByTrigger;
    private final Map<java.util.UUID, WorkflowDef> workflowsById;
    private final Map<String, List<WebhookDef>> webhooks;

    private final Map<String, EntityDef> entities;
    private final Map<String, RelationDef> relations;
    private final Map<String, List<RelationDef>> bySource;
    private final Map<String, List<RelationDef>> byTarget;
    private final Set<String> tables;

    public Registry(Map<String, EntityDef> entities, Map<String, RelationDef> relations) {
        this(entities, relations, List.of());
    }

    public Registry(Map<String, EntityDef> entities, Map<String, RelationDef> relations, List<Policy> policyList) {
        this(entities, relations, policyList, List.of(), List.of());
    }

    public Registry(Map<String, EntityDef> entities, Map<String, RelationDef> relations, List<Policy> policyList,
                    List<RuleDef> ruleList, List<StateMachineDef> machineList) {
        this(entities, relations, policyList, ruleList, machineList, List.of());
    }

    public Registry(Map<String, EntityDef> entities, Map<String, RelationDef> relations, List<Policy> policyList,
                    List<RuleDef> ruleList, List<StateMachineDef> machineList, List<WorkflowDef> workflowList) {
        this(entities, relations, policyList, ruleList, machineList, workflowList, List.of());
    }

    public Registry(Map<String, EntityDef> entities, Map<String, RelationDef> relations, List<Policy> policyList,
                    List<RuleDef> ruleList, List<StateMachineDef> machineList, List<WorkflowDef> workflowList,
                    List<WebhookDef> webhookList) {
        Map<String, List<WorkflowDef>> wt = new LinkedHashMap<>();
        Map<java.util.UUID, WorkflowDef> wi = new LinkedHashMap<>();
        for (WorkflowDef w : workflowList) {
            wi.put(java.util.UUID.fromString(w.id()), w);
            if (w.active()) {
                wt.computeIfAbsent(w.entity() + ":" + w.field() + ":" + w.to(), k -> new ArrayList<>()).add(w);
            }
        }
        wt.replaceAll((k, v) -> List.copyOf(v));
        this.workflowsByTrigger = Collections.unmodifiableMap(wt);
        this.workflowsById = Collections.unmodifiableMap(wi);
        Map<String, List<WebhookDef>> wl = new LinkedHashMap<>();
        for (WebhookDef w : webhookList) {
            if (w.active()) {
                wl.computeIfAbsent(w.entity() + ":" + w.hook(), k -> new ArrayList<>()).add(w);
            }
        }
        wl.replaceAll((k, v) -> List.copyOf(v));
        this.webhooks = Collections.unmodifiableMap(wl);
        Map<String, List<RuleDef>> rl = new LinkedHashMap<>();
        List<RuleDef> sorted = new ArrayList<>(ruleList);
        sorted.sort(java.util.Comparator.comparingInt(RuleDef::priority)); // stable: ties keep load order
        for (RuleDef r : sorted) {
            if (r.active()) {
                rl.computeIfAbsent(r.entity() + ":" + r.hook().wireName(), k -> new ArrayList<>()).add(r);
            }
        }
        rl.replaceAll((k, v) -> List.copyOf(v));
        this.rules = Collections.unmodifiableMap(rl);
        Map<String, List<StateMachineDef>> ml = new LinkedHashMap<>();
        for (StateMachineDef m : machineList) {
            if (m.active()) {
                ml.computeIfAbsent(m.entity(), k -> new ArrayList<>()).add(m);
            }
        }
        ml.replaceAll((k, v) -> List.copyOf(v));
        this.machines = Collections.unmodifiableMap(ml);
        Map<String, List<Policy>> pol = new LinkedHashMap<>();
        for (Policy p : policyList) {
            pol.computeIfAbsent(p.entity() + ":" + p.action(), k -> new ArrayList<>()).add(p);
        }
        pol.replaceAll((k, v) -> List.copyOf(v));
        this.policies = Collections.unmodifiableMap(pol);
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

    /** Entities and relations only (what metadata validation needs); unparsable rows are skipped with a warning. */
    @SuppressWarnings("unchecked")
    public static Registry loadSchema(Connection c) throws SQLException {
        Map<String, EntityDef> entities = new LinkedHashMap<>();
        for (Map<String, Object> row : Jdbc.query(c, SqlFragment.of("SELECT name, definition FROM _entities ORDER BY name"))) {
            try {
                EntityDef e = EntityParser.parse((Map<String, Object>) row.get("definition"));
                entities.put(e.name(), e);
            } catch (RuntimeException ex) {
                LOG.warning("Skipping unparsable entity " + row.get("name") + ": " + ex.getMessage());
            }
        }
        Registry partial = new Registry(entities, Map.of());
        Map<String, RelationDef> relations = new LinkedHashMap<>();
        for (Map<String, Object> row : Jdbc.query(c, SqlFragment.of("SELECT name, definition FROM _relations ORDER BY name"))) {
            try {
                RelationDef r = RelationParser.parse((Map<String, Object>) row.get("definition"), partial);
                relations.put(r.name(), r);
            } catch (RuntimeException ex) {
                LOG.warning("Skipping unparsable relation " + row.get("name") + ": " + ex.getMessage());
            }
        }
        return new Registry(entities, relations);
    }

    /** The full snapshot: schema, permission policies, rules, state machines and webhooks (expressions compiled). */
    public static Registry load(Connection c, ExpressionEngine engine) throws SQLException {
        Registry schema = loadSchema(c);
        Map<String, EntityDef> entities = schema.entities();
        Map<String, RelationDef> relations = schema.relations();
        Registry withRelations = schema;
        List<Policy> policies = new ArrayList<>();
        for (Map<String, Object> row : Jdbc.query(c, SqlFragment.of(
                "SELECT id, entity, action, roles, conditions FROM _permissions ORDER BY entity, action, created_at, id"))) {
            try {
                policies.add(Policy.parse(row, withRelations));
            } catch (RuntimeException ex) {
                LOG.warning("Skipping invalid permission " + row.get("id") + ": " + ex.getMessage());
            }
        }
        Registry withPolicies = new Registry(entities, relations, policies);
        List<RuleDef> rules = new ArrayList<>();
        for (Map<String, Object> row : Jdbc.query(c, SqlFragment.of(
                "SELECT id, entity, hook, type, definition, priority, active FROM _rules ORDER BY priority, created_at, id"))) {
            try {
                rules.add(RuleParser.parse(row, withPolicies, engine));
            } catch (RuntimeException ex) {
                LOG.warning("Skipping invalid rule " + row.get("id") + ": " + ex.getMessage());
            }
        }
        List<StateMachineDef> machines = new ArrayList<>();
        for (Map<String, Object> row : Jdbc.query(c, SqlFragment.of(
                "SELECT id, entity, field, definition, active FROM _state_machines ORDER BY created_at, id"))) {
            try {
                machines.add(StateMachineParser.parse(row, withPolicies, engine));
            } catch (RuntimeException ex) {
                LOG.warning("Skipping invalid state machine " + row.get("id") + ": " + ex.getMessage());
            }
        }
        List<WorkflowDef> workflows = new ArrayList<>();
        for (Map<String, Object> row : Jdbc.query(c, SqlFragment.of(
                "SELECT id, name, trigger, context, steps, active FROM _workflows ORDER BY name"))) {
            try {
                workflows.add(WorkflowParser.parse(row, withPolicies, engine));
            } catch (RuntimeException ex) {
                LOG.warning("Skipping invalid workflow " + row.get("name") + ": " + ex.getMessage());
            }
        }
        List<WebhookDef> webhooks = new ArrayList<>();
        for (Map<String, Object> row : Jdbc.query(c, SqlFragment.of("SELECT id, entity, hook, url, method, headers, "
                + "condition, async, retry, active FROM _webhooks WHERE active ORDER BY entity, hook, created_at, id"))) {
            try {
                webhooks.add(WebhookParser.parse(row, engine));
            } catch (RuntimeException ex) {
                LOG.warning("Skipping invalid webhook " + row.get("id") + ": " + ex.getMessage());
            }
        }
        return new Registry(entities, relations, policies, rules, machines, workflows, webhooks);
    }

    /** Active workflows started when {@code entity.field} becomes {@code value}. */
    public List<WorkflowDef> workflows(String entity, String field, String value) {
        return workflowsByTrigger.getOrDefault(entity + ":" + field + ":" + value, List.of());
    }

    /** A workflow by id (active or not: running instances finish with the definition they have). */
    public WorkflowDef workflow(java.util.UUID id) {
        return workflowsById.get(id);
    }

    /** Active rules of an entity for a hook, by priority. */
    public List<RuleDef> rules(String entity, String hook) {
        return rules.getOrDefault(entity + ":" + hook, List.of());
    }

    /** Active webhooks of an entity for a hook (after_write, before_write, after_delete, before_delete). */
    public List<WebhookDef> webhooks(String entity, String hook) {
        return webhooks.getOrDefault(entity + ":" + hook, List.of());
    }

    /** Active state machines of an entity. */
    public List<StateMachineDef> stateMachines(String entity) {
        return machines.getOrDefault(entity, List.of());
    }

    /** The policies for an entity and action (read, create, update, delete), in load order. */
    public List<Policy> policies(String entity, String action) {
        return policies.getOrDefault(entity + ":" + action, List.of());
    }

    public EntityDef entity(String name) {
        return name == null ? null : entities.get(name);
    }

    public Map<String, EntityDef> entities() {
        return entities;
    }

    public RelationDef relation(String name) {
        return relations.get(name);
    }

    public Map<String, RelationDef> relations() {
        return relations;
    }

    public List<RelationDef> relationsFrom(String entity) {
        return bySource.getOrDefault(entity, List.of());
    }

    public List<RelationDef> relationsTo(String entity) {
        return byTarget.getOrDefault(entity, List.of());
    }

    public boolean tableInUse(String table) {
        return tables.contains(table);
    }

    /**
     * Resolves a relation as seen from {@code entity} (SPEC §3.4 name resolution): by relation name
     * (forward when the entity is the source, reverse when it is the target), else by the other entity's name.
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
