package dev.rocket.query;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.Registry;
import dev.rocket.metadata.RelationDef;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Loads includes: one query per include over all parent rows (never one per row), then attaches the
 * related rows under the include's key. {@code scope} adds conditions on the related entity (e.g. its
 * read permissions) so an include never shows rows its reader may not see.
 */
public final class IncludeLoader {
    private static final String LINK = "__rocket_link";

    private final Registry registry;
    private final Function<EntityDef, List<Condition>> scope;

    public IncludeLoader(Registry registry, Function<EntityDef, List<Condition>> scope) {
        this.registry = registry;
        this.scope = scope;
    }

    public void load(Connection c, List<Map<String, Object>> rows, List<ReadPlan.Include> includes) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        for (ReadPlan.Include inc : includes) {
            attach(c, rows, inc);
        }
    }

    private void attach(Connection c, List<Map<String, Object>> rows, ReadPlan.Include inc) throws SQLException {
        Registry.Link link = inc.link();
        RelationDef r = link.relation();
        EntityDef self = registry.entity(link.forward() ? r.source() : r.target());
        EntityDef other = registry.entity(link.otherEntity());
        // the parent column whose values identify related rows, and the related-side column to match
        String parentKey;
        String matchSql;
        String matchType;
        String from;
        if (r.isManyToMany()) {
            String j = SqlFragment.ident(r.joinTable());
            if (link.forward()) {
                parentKey = r.sourceKey();
                from = j + " j JOIN " + other.quotedTable() + " t ON t." + other.pk().quoted() + " = j."
                        + SqlFragment.ident(r.targetJoinKey());
                matchSql = "j." + SqlFragment.ident(r.sourceJoinKey());
                matchType = self.field(r.sourceKey()).type().udtName();
            } else {
                parentKey = self.pkField();
                from = j + " j JOIN " + other.quotedTable() + " t ON t." + SqlFragment.ident(r.sourceKey()) + " = j."
                        + SqlFragment.ident(r.sourceJoinKey());
                matchSql = "j." + SqlFragment.ident(r.targetJoinKey());
                matchType = self.pk().type().udtName();
            }
        } else if (link.forward()) {
            parentKey = r.sourceKey();
            from = other.quotedTable() + " t";
            matchSql = "t." + SqlFragment.ident(r.targetKey());
            matchType = other.field(r.targetKey()).type().udtName();
        } else {
            parentKey = r.targetKey();
            from = other.quotedTable() + " t";
            matchSql = "t." + SqlFragment.ident(r.sourceKey());
            matchType = other.field(r.sourceKey()).type().udtName();
        }
        Set<Object> keys = new LinkedHashSet<>();
        for (Map<String, Object> row : rows) {
            Object k = row.get(parentKey);
            if (k != null) {
                keys.add(k.toString());
            }
        }
        Map<String, List<Map<String, Object>>> byKey = new HashMap<>();
        if (!keys.isEmpty()) {
            SqlFragment.Builder b = SqlFragment.builder().sql("SELECT ").sql(matchSql).sql(" AS " + LINK + ", ")
                    .sql(other.selectList()).sql(" FROM ").sql(from).sql(" WHERE ").sql(matchSql)
                    .sql(" = ANY(CAST(").bind(SqlRenderer.textArray(keys)).sql(" AS " + matchType + "[]))");
            if (other.softDelete()) {
                b.sql(" AND ").sql(other.liveCondition("t"));
            }
            SqlRenderer renderer = new SqlRenderer(registry);
            for (Condition cond : scope.apply(other)) {
                b.sql(" AND ");
                renderer.condition(b, cond, "t", other);
            }
            b.sql(" ORDER BY t.").sql(other.pk().quoted());
            for (Map<String, Object> row : Jdbc.query(c, b.build())) {
                Object k = row.remove(LINK);
                byKey.computeIfAbsent(String.valueOf(k), x -> new ArrayList<>()).add(row);
            }
        }
        boolean list = link.isList();
        for (Map<String, Object> row : rows) {
            Object k = row.get(parentKey);
            List<Map<String, Object>> related = k == null ? List.of() : byKey.getOrDefault(k.toString(), List.of());
            if (list) {
                row.put(inc.key(), new ArrayList<>(related));
            } else {
                row.put(inc.key(), related.isEmpty() ? null : related.get(0));
            }
        }
    }
}
