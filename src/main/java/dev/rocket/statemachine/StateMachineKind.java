package dev.rocket.statemachine;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.expr.ExpressionEngine;
import dev.rocket.metadata.DefinitionKind;
import dev.rocket.metadata.Schema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** State machines ({@code /_admin/state-machines}, table {@code _state_machines}); the registry keeps the active ones by entity. */
public final class StateMachineKind implements DefinitionKind<StateMachineDef, StateMachineKind.Index> {
    public static final StateMachineKind KIND = new StateMachineKind();

    private StateMachineKind() {
    }

    @Override
    public String path() {
        return "state-machines";
    }

    @Override
    public String section() {
        return "state_machines";
    }

    @Override
    public String singular() {
        return "state_machine";
    }

    @Override
    public String noun() {
        return "State machine";
    }

    @Override
    public String table() {
        return "_state_machines";
    }

    @Override
    public List<String> columns() {
        return List.of("entity", "field", "definition", "active");
    }

    @Override
    public String order() {
        return "entity, created_at, id";
    }

    @Override
    public StateMachineDef parse(Map<String, Object> body, Schema schema, ExpressionEngine engine) {
        return StateMachineParser.parse(body, schema, engine);
    }

    @Override
    public void checkKeys(Map<String, Object> body) {
        StateMachineParser.checkKeys(body);
    }

    @Override
    public List<Object> row(StateMachineDef m) {
        return Arrays.asList(m.entity(), m.field(), new Jdbc.JsonValue(m.definition()), m.active());
    }

    @Override
    public Index index(List<StateMachineDef> defs) {
        Map<String, List<StateMachineDef>> byEntity = new LinkedHashMap<>();
        for (StateMachineDef m : defs) {
            if (m.active()) {
                byEntity.computeIfAbsent(m.entity(), k -> new ArrayList<>()).add(m);
            }
        }
        byEntity.replaceAll((k, v) -> List.copyOf(v));
        return new Index(Map.copyOf(byEntity));
    }

    @Override
    public boolean exists(Connection c, StateMachineDef m, Schema schema) throws SQLException {
        return Jdbc.queryLong(c, SqlFragment.of("SELECT COUNT(*) FROM _state_machines WHERE entity = ? AND field = ?",
                m.entity(), m.field())) > 0;
    }

    @Override
    public String name(Map<String, Object> item) {
        return item.get("entity") + "." + item.get("field");
    }

    /** The active state machines of an app by entity. */
    public record Index(Map<String, List<StateMachineDef>> byEntity) {
        /** Active state machines of an entity. */
        public List<StateMachineDef> of(String entity) {
            return byEntity.getOrDefault(entity, List.of());
        }
    }
}
