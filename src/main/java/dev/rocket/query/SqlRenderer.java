package dev.rocket.query;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.metadata.Op;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.Registry;
import dev.rocket.metadata.RelationDef;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * {@link ReadPlan} → SQL text and binds. Identifiers come only from the registry (already validated)
 * and are quoted; every value is a bind parameter.
 */
public final class SqlRenderer {
    private final Registry registry;

    public SqlRenderer(Registry registry) {
        this.registry = registry;
    }

    /**
     * {@code SELECT … FROM table t WHERE … ORDER BY … LIMIT ? OFFSET ?}, asking for one row more than the page
     * (that row only tells whether a next page exists). A keyset page ({@code after}) starts after the
     * cursor's row instead of at an offset.
     */
    public SqlFragment select(ReadPlan plan) {
        EntityDef e = plan.entity();
        SqlFragment.Builder b = SqlFragment.builder()
                .sql("SELECT ").sql(e.selectList()).sql(" FROM ").sql(e.quotedTable()).sql(" t");
        boolean hasWhere = where(b, plan);
        if (plan.after() != null && !plan.after().isEmpty()) {
            b.sql(hasWhere ? " AND " : " WHERE ");
            keyset(b, plan.order(), plan.after(), e.pkField());
        }
        b.sql(" ORDER BY ");
        for (int i = 0; i < plan.order().size(); i++) {
            ReadPlan.Order o = plan.order().get(i);
            b.sql(i == 0 ? "" : ", ").sql("t.").sql(o.field().quoted()).sql(o.descending() ? " DESC" : " ASC");
        }
        b.sql(" LIMIT ").bind(plan.perPage() + 1).sql(" OFFSET ").bind(plan.offset());
        return b.build();
    }

    /**
     * The rows after the cursor's row in the list's order, NULLs sorting as PostgreSQL sorts them (last when
     * ascending, first when descending): {@code k0 after v0 OR (k0 = v0 AND k1 after v1) OR …}. The first key
     * also gets a plain range condition where that is exact, so an index on it starts at the cursor.
     */
    static void keyset(SqlFragment.Builder b, List<ReadPlan.Order> order, List<Object> values, String pkField) {
        b.sql("(");
        ReadPlan.Order first = order.get(0);
        Object v0 = values.get(0);
        String c0 = "t." + first.field().quoted();
        if (v0 != null && first.descending()) {
            b.sql(c0).sql(" <= ").bind(v0).sql(" AND ");
        } else if (v0 != null && (first.field().notNull() || first.field().name().equals(pkField))) {
            b.sql(c0).sql(" >= ").bind(v0).sql(" AND ");
        }
        b.sql("(");
        for (int i = 0; i < order.size(); i++) {
            b.sql(i == 0 ? "(" : " OR (");
            for (int j = 0; j < i; j++) {
                String cj = "t." + order.get(j).field().quoted();
                Object vj = values.get(j);
                if (vj == null) {
                    b.sql(cj).sql(" IS NULL AND ");
                } else {
                    b.sql(cj).sql(" = ").bind(vj).sql(" AND ");
                }
            }
            ReadPlan.Order o = order.get(i);
            String ci = "t." + o.field().quoted();
            Object vi = values.get(i);
            if (o.descending()) {
                if (vi == null) {
                    b.sql(ci).sql(" IS NOT NULL");
                } else {
                    b.sql(ci).sql(" < ").bind(vi);
                }
            } else if (vi == null) {
                b.sql("FALSE");
            } else {
                b.sql("(").sql(ci).sql(" > ").bind(vi).sql(" OR ").sql(ci).sql(" IS NULL)");
            }
            b.sql(")");
        }
        b.sql("))");
    }

    /** {@code SELECT COUNT(*) …} with the same WHERE as {@link #select}. */
    public SqlFragment count(ReadPlan plan) {
        EntityDef e = plan.entity();
        SqlFragment.Builder b = SqlFragment.builder().sql("SELECT COUNT(*) FROM ").sql(e.quotedTable()).sql(" t");
        where(b, plan);
        return b.build();
    }

    /** {@code SELECT 1 …} with the same WHERE as {@link #count} (what the planner estimates for count=estimated). */
    public SqlFragment matching(ReadPlan plan) {
        EntityDef e = plan.entity();
        SqlFragment.Builder b = SqlFragment.builder().sql("SELECT 1 FROM ").sql(e.quotedTable()).sql(" t");
        where(b, plan);
        return b.build();
    }

    /** One row by primary key (live rows only), with the plan's extra conditions (e.g. permissions). */
    public SqlFragment byId(EntityDef e, Object id, List<Condition> extra) {
        SqlFragment.Builder b = SqlFragment.builder()
                .sql("SELECT ").sql(e.selectList()).sql(" FROM ").sql(e.quotedTable()).sql(" t WHERE t.")
                .sql(e.pk().quoted()).sql(" = ").bind(id);
        if (e.softDelete()) {
            b.sql(" AND ").sql(e.liveCondition("t"));
        }
        for (Condition c : extra) {
            b.sql(" AND ");
            condition(b, c, "t", e);
        }
        return b.build();
    }

    private boolean where(SqlFragment.Builder b, ReadPlan plan) {
        EntityDef e = plan.entity();
        boolean first = true;
        if (e.softDelete()) {
            b.sql(" WHERE ").sql(e.liveCondition("t"));
            first = false;
        }
        for (Condition c : plan.conditions()) {
            b.sql(first ? " WHERE " : " AND ");
            first = false;
            condition(b, c, "t", e);
        }
        return !first;
    }

    public void condition(SqlFragment.Builder b, Condition c, String alias, EntityDef e) {
        if (c instanceof Condition.FieldCondition fc) {
            fieldCondition(b, fc, alias);
        } else if (c instanceof Condition.Exists ex) {
            exists(b, ex, alias);
        } else if (c instanceof Condition.AnyOf any) {
            if (any.groups().isEmpty()) {
                b.sql("FALSE");
                return;
            }
            b.sql("(");
            for (int i = 0; i < any.groups().size(); i++) {
                List<Condition.FieldCondition> g = any.groups().get(i);
                b.sql(i == 0 ? "(" : " OR (");
                if (g.isEmpty()) {
                    b.sql("TRUE");
                }
                for (int j = 0; j < g.size(); j++) {
                    b.sql(j == 0 ? "" : " AND ");
                    fieldCondition(b, g.get(j), alias);
                }
                b.sql(")");
            }
            b.sql(")");
        }
    }

    static void fieldCondition(SqlFragment.Builder b, Condition.FieldCondition fc, String alias) {
        FieldDef f = fc.field();
        String col = alias + "." + f.quoted();
        boolean asText = fc.asText() || f.type().isJson();
        col = asText ? col + "::text" : fc.op().column(col, f.type());
        if (!fc.op().isList()) {
            b.sql(col).sql(" " + fc.op().sql() + " ").bind(asText ? String.valueOf(fc.value()) : fc.value());
            return;
        }
        @SuppressWarnings("unchecked")
        List<Object> values = new ArrayList<>((List<Object>) fc.value());
        values.removeIf(Objects::isNull); // null entries match nothing (Op)
        if (values.isEmpty() && fc.op() == Op.NOT_IN) {
            b.sql(col).sql(" IS NOT NULL"); // NULL <> ALL('{}') is true in SQL; a null matches nothing (Op)
            return;
        }
        String type = asText ? "text" : f.type().udtName();
        b.sql(col).sql(fc.op() == Op.IN ? " = ANY(CAST(" : " <> ALL(CAST(")
                .bind(textArray(values)).sql(" AS " + type + "[]))");
    }

    /** EXISTS on the related entity: forward o2m/o2o, reverse o2m/o2o, forward and reverse m2m. */
    private void exists(SqlFragment.Builder b, Condition.Exists ex, String alias) {
        RelationDef r = ex.link().relation();
        EntityDef other = registry.entity(ex.link().otherEntity());
        EntityDef self = registry.entity(ex.link().forward() ? r.source() : r.target());
        b.sql("EXISTS (SELECT 1 FROM ");
        if (r.isManyToMany()) {
            String j = SqlFragment.ident(r.joinTable());
            if (ex.link().forward()) {
                b.sql(j).sql(" j JOIN ").sql(other.quotedTable()).sql(" r ON r.").sql(other.pk().quoted())
                        .sql(" = j.").sql(SqlFragment.ident(r.targetJoinKey()))
                        .sql(" WHERE j.").sql(SqlFragment.ident(r.sourceJoinKey())).sql(" = ").sql(alias).sql(".")
                        .sql(SqlFragment.ident(r.sourceKey()));
            } else {
                b.sql(j).sql(" j JOIN ").sql(other.quotedTable()).sql(" r ON r.").sql(SqlFragment.ident(r.sourceKey()))
                        .sql(" = j.").sql(SqlFragment.ident(r.sourceJoinKey()))
                        .sql(" WHERE j.").sql(SqlFragment.ident(r.targetJoinKey())).sql(" = ").sql(alias).sql(".")
                        .sql(self.pk().quoted());
            }
        } else if (ex.link().forward()) {
            b.sql(other.quotedTable()).sql(" r WHERE r.").sql(SqlFragment.ident(r.targetKey())).sql(" = ")
                    .sql(alias).sql(".").sql(SqlFragment.ident(r.sourceKey()));
        } else {
            b.sql(other.quotedTable()).sql(" r WHERE r.").sql(SqlFragment.ident(r.sourceKey())).sql(" = ")
                    .sql(alias).sql(".").sql(SqlFragment.ident(r.targetKey()));
        }
        if (other.softDelete()) {
            b.sql(" AND ").sql(other.liveCondition("r"));
        }
        b.sql(" AND ");
        fieldCondition(b, ex.inner(), "r");
        for (Condition sc : ex.scope()) {
            b.sql(" AND ");
            condition(b, sc, "r", other);
        }
        b.sql(")");
    }

    /** Values as a text[] bind, cast to the column's array type in SQL. */
    public static Jdbc.SqlArray textArray(Collection<?> values) {
        List<String> out = new ArrayList<>(values.size());
        for (Object v : values) {
            out.add(v == null ? null : v.toString());
        }
        return new Jdbc.SqlArray("text", out.toArray());
    }
}
