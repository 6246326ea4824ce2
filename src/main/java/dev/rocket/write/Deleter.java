package dev.rocket.write;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.error.ApiException;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.OnDelete;
import dev.rocket.metadata.Registry;
import dev.rocket.metadata.RelationDef;
import dev.rocket.query.SqlRenderer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Deletes records with the on_delete policy of every relation whose source is the deleted entity
 * (docs/metadata.md#relations, docs/writes.md#delete): cascade (recursively, soft or hard by each target's setting), set_null, restrict
 * (409), detach. Set-based: one statement per relation and level, whatever the number of rows. Every
 * affected record gets its audit entry.
 */
public final class Deleter {
    private static final int MAX_DEPTH = 32;

    private final Connection c;
    private final Registry registry;
    private final AuditLog audit;
    private final Hooks hooks;

    Deleter(Connection c, Registry registry, AuditLog audit, Hooks hooks) {
        this.c = c;
        this.registry = registry;
        this.audit = audit;
        this.hooks = hooks;
    }

    /** Deletes one live record (already loaded as {@code before}); 404 if it is gone meanwhile. */
    public void delete(EntityDef e, Object pk, Map<String, Object> before) throws SQLException {
        hooks.beforeDelete(e, before); // before cascades (docs/writes.md#delete)
        applyPolicies(e, List.of(before), 0);
        SqlFragment.Builder b = SqlFragment.builder();
        if (e.softDelete()) {
            b.sql("UPDATE ").sql(e.quotedTable()).sql(" AS t SET \"deleted_at\" = NOW() WHERE t.")
                    .sql(e.pk().quoted()).sql(" = ").bind(pk).sql(" AND ").sql(e.liveCondition("t"));
        } else {
            b.sql("DELETE FROM ").sql(e.quotedTable()).sql(" AS t WHERE t.").sql(e.pk().quoted()).sql(" = ").bind(pk);
        }
        if (Jdbc.update(c, b.build()) == 0) {
            throw ApiException.notFound(e.name() + " with id " + pk + " not found");
        }
        audit.deleted(e.name(), pk, before);
    }

    private void applyPolicies(EntityDef e, List<Map<String, Object>> rows, int depth) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        if (depth > MAX_DEPTH) {
            throw ApiException.validation("Cascade deeper than " + MAX_DEPTH + " levels");
        }
        for (RelationDef r : registry.relationsFrom(e.name())) {
            EntityDef target = registry.entity(r.target());
            if (target == null) {
                continue;
            }
            List<Object> keys = new ArrayList<>();
            for (Map<String, Object> row : rows) {
                Object k = row.get(r.sourceKey());
                if (k != null) {
                    keys.add(k);
                }
            }
            if (keys.isEmpty()) {
                continue;
            }
            if (r.isManyToMany()) {
                FieldDef sk = e.field(r.sourceKey());
                boolean restrict = switch (r.onDelete()) { // a switch expression: every value must be handled
                    case RESTRICT -> true;
                    case CASCADE, DETACH -> false; // join rows go, targets stay
                    case SET_NULL -> throw new IllegalStateException("set_null is refused for many_to_many when defined");
                };
                if (restrict) {
                    long n = Jdbc.queryLong(c, SqlFragment.builder().sql("SELECT COUNT(*) FROM ")
                            .sql(SqlFragment.ident(r.joinTable())).sql(" WHERE ").sql(SqlFragment.ident(r.sourceJoinKey()))
                            .sql(" = ANY(CAST(").bind(SqlRenderer.textArray(keys)).sql(" AS " + sk.type().udtName() + "[]))").build());
                    if (n > 0) {
                        throw ApiException.conflict("Cannot delete: " + n + " related " + target.name() + " records exist");
                    }
                    continue;
                }
                Jdbc.update(c, SqlFragment.builder().sql("DELETE FROM ").sql(SqlFragment.ident(r.joinTable()))
                        .sql(" WHERE ").sql(SqlFragment.ident(r.sourceJoinKey())).sql(" = ANY(CAST(")
                        .bind(SqlRenderer.textArray(keys)).sql(" AS " + sk.type().udtName() + "[]))").build());
                continue;
            }
            FieldDef fk = target.field(r.targetKey());
            String match = "t." + fk.quoted() + " = ANY(CAST(? AS " + fk.type().udtName() + "[]))";
            String live = target.softDelete() ? " AND " + target.liveCondition("t") : "";
            OnDelete effect = switch (r.onDelete()) { // a switch expression: a new value does not compile until handled
                case DETACH -> OnDelete.DETACH; // join rows only; definitions refuse it on one_to_one/one_to_many
                case RESTRICT -> {
                    long n = Jdbc.queryLong(c, SqlFragment.of("SELECT COUNT(*) FROM " + target.quotedTable()
                            + " t WHERE " + match + live, SqlRenderer.textArray(keys)));
                    if (n > 0) {
                        throw ApiException.conflict("Cannot delete: " + n + " related " + target.name() + " records exist");
                    }
                    yield OnDelete.RESTRICT;
                }
                case SET_NULL -> {
                    List<Map<String, Object>> before = Jdbc.query(c, SqlFragment.of("SELECT " + target.selectList()
                            + " FROM " + target.quotedTable() + " t WHERE " + match + " FOR UPDATE", SqlRenderer.textArray(keys)));
                    if (!before.isEmpty()) {
                        List<Map<String, Object>> after = Jdbc.query(c, SqlFragment.of("UPDATE " + target.quotedTable()
                                + " AS t SET " + fk.quoted() + " = NULL WHERE " + match + " RETURNING " + target.selectList(),
                                SqlRenderer.textArray(keys)));
                        Map<String, Map<String, Object>> old = new HashMap<>();
                        for (Map<String, Object> row : before) {
                            old.put(String.valueOf(row.get(target.pkField())), row);
                        }
                        for (Map<String, Object> row : after) {
                            Object id = row.get(target.pkField());
                            audit.updated(target.name(), id, old.get(String.valueOf(id)), row);
                        }
                    }
                    yield OnDelete.SET_NULL;
                }
                case CASCADE -> OnDelete.CASCADE;
            };
            if (effect == OnDelete.CASCADE) {
                List<Map<String, Object>> victims = Jdbc.query(c, SqlFragment.of("SELECT " + target.selectList()
                        + " FROM " + target.quotedTable() + " t WHERE " + match + live + " FOR UPDATE",
                        SqlRenderer.textArray(keys)));
                if (!victims.isEmpty()) {
                    applyPolicies(target, victims, depth + 1);
                    List<Object> ids = new ArrayList<>();
                    for (Map<String, Object> v : victims) {
                        ids.add(v.get(target.pkField()));
                    }
                    String byPk = "t." + target.pk().quoted() + " = ANY(CAST(? AS " + target.pkType().udtName() + "[]))";
                    if (target.softDelete()) {
                        Jdbc.update(c, SqlFragment.of("UPDATE " + target.quotedTable() + " AS t SET \"deleted_at\" = NOW() WHERE "
                                + byPk + live, SqlRenderer.textArray(ids)));
                    } else {
                        Jdbc.update(c, SqlFragment.of("DELETE FROM " + target.quotedTable() + " AS t WHERE " + byPk,
                                SqlRenderer.textArray(ids)));
                    }
                    for (Map<String, Object> v : victims) {
                        audit.deleted(target.name(), v.get(target.pkField()), v);
                    }
                }
            }
        }
    }
}
