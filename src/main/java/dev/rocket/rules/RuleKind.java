package dev.rocket.rules;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.expr.ExpressionEngine;
import dev.rocket.metadata.DefinitionKind;
import dev.rocket.metadata.Hook;
import dev.rocket.metadata.Schema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Business rules ({@code /_admin/rules}, table {@code _rules}); the registry keeps the active ones by entity and hook. */
public final class RuleKind implements DefinitionKind<RuleDef, RuleKind.Index> {
    public static final RuleKind KIND = new RuleKind();

    private RuleKind() {
    }

    @Override
    public String path() {
        return "rules";
    }

    @Override
    public String section() {
        return "rules";
    }

    @Override
    public String singular() {
        return "rule";
    }

    @Override
    public String noun() {
        return "Rule";
    }

    @Override
    public String table() {
        return "_rules";
    }

    @Override
    public List<String> columns() {
        return List.of("entity", "hook", "type", "definition", "priority", "active");
    }

    @Override
    public String order() {
        return "entity, priority, created_at, id";
    }

    @Override
    public RuleDef parse(Map<String, Object> body, Schema schema, ExpressionEngine engine) {
        return RuleParser.parse(body, schema, engine);
    }

    @Override
    public void checkKeys(Map<String, Object> body) {
        RuleParser.checkKeys(body);
    }

    @Override
    public List<Object> row(RuleDef r) {
        return Arrays.asList(r.entity(), r.hook().wireName(), r.type().wireName(), new Jdbc.JsonValue(r.definition()), r.priority(), r.active());
    }

    @Override
    public Index index(List<RuleDef> defs) {
        Map<String, List<RuleDef>> byHook = new LinkedHashMap<>();
        List<RuleDef> sorted = new ArrayList<>(defs);
        sorted.sort(Comparator.comparingInt(RuleDef::priority)); // stable: ties keep load order
        for (RuleDef r : sorted) {
            if (r.active()) {
                byHook.computeIfAbsent(r.entity() + ":" + r.hook(), k -> new ArrayList<>()).add(r);
            }
        }
        byHook.replaceAll((k, v) -> List.copyOf(v));
        return new Index(Map.copyOf(byHook));
    }

    @Override
    public boolean exists(Connection c, RuleDef r, Schema schema) throws SQLException {
        return Jdbc.queryLong(c, SqlFragment.of("SELECT COUNT(*) FROM _rules WHERE entity = ? AND hook = ? AND type = ? "
                + "AND definition = ?", r.entity(), r.hook().wireName(), r.type().wireName(), new Jdbc.JsonValue(r.definition()))) > 0;
    }

    @Override
    public String name(Map<String, Object> item) {
        return item.get("entity") + "." + item.get("type");
    }

    /** The active rules of an app by entity and hook, each list by priority. */
    public record Index(Map<String, List<RuleDef>> byHook) {
        /** Active rules of an entity for a hook, by priority. */
        public List<RuleDef> of(String entity, Hook hook) {
            return byHook.getOrDefault(entity + ":" + hook, List.of());
        }
    }
}
