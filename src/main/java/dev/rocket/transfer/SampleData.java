package dev.rocket.transfer;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.error.ApiException;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.Schema;
import dev.rocket.metadata.RelationDef;
import dev.rocket.metadata.Values;
import dev.rocket.write.AuditLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Sample rows of an import: known fields only, typed like any write, auto fields set to NOW(),
 * {@code ON CONFLICT DO NOTHING}; no rules, state machines or workflows (docs/export-import.md). Each record
 * inserted gets its audit row ({@code create}, the importing user) from the same statement, as any create does.
 */
final class SampleData {
    private final Connection c;
    private final Schema reg;
    private final AuditLog audit;

    SampleData(Connection c, Schema reg, AuditLog audit) {
        this.c = c;
        this.reg = reg;
        this.audit = audit;
    }

    int entityRows(String entity, List<?> rows) throws SQLException {
        EntityDef e = reg.entity(entity);
        if (e == null) {
            throw ApiException.validation("unknown entity " + entity);
        }
        int inserted = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (!(rows.get(i) instanceof Map<?, ?> row)) {
                throw ApiException.validation("row " + i + " must be an object");
            }
            SqlFragment.Builder cols = SqlFragment.builder();
            SqlFragment.Builder vals = SqlFragment.builder();
            for (FieldDef f : e.fields()) {
                if (f.isAuto()) {
                    cols.sql(cols.isEmpty() ? "" : ", ").sql(f.quoted());
                    vals.sql(vals.isEmpty() ? "" : ", ").sql("NOW()");
                } else if (row.containsKey(f.name())) {
                    Object v;
                    try {
                        v = Values.coerce(f.type(), f.precision(), row.get(f.name()));
                    } catch (Values.TypeMismatch ex) {
                        throw ApiException.validation("row " + i + ": " + f.name() + " " + ex.getMessage());
                    }
                    cols.sql(cols.isEmpty() ? "" : ", ").sql(f.quoted());
                    if (!vals.isEmpty()) {
                        vals.sql(", ");
                    }
                    vals.bind(v);
                }
            }
            SqlFragment.Builder b = SqlFragment.builder().sql("INSERT INTO ").sql(e.quotedTable()).sql(" AS t");
            if (cols.isEmpty()) {
                b.sql(" DEFAULT VALUES");
            } else {
                b.sql(" (").append(cols.build()).sql(") VALUES (").append(vals.build()).sql(")");
            }
            // a skipped row (its key exists) returns nothing, so it gets no audit row either
            inserted += Jdbc.query(c, audit.createdInStatement(e,
                    b.sql(" ON CONFLICT DO NOTHING RETURNING ").sql(e.selectList()).build())).size();
        }
        return inserted;
    }

    int joinRows(RelationDef r, List<?> rows) throws SQLException {
        if (!r.isManyToMany()) {
            throw ApiException.validation("relation " + r.name() + " has no join table");
        }
        FieldDef sk = reg.entity(r.source()).field(r.sourceKey());
        FieldDef tk = reg.entity(r.target()).pk();
        int inserted = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (!(rows.get(i) instanceof Map<?, ?> row)) {
                throw ApiException.validation("row " + i + " must be an object");
            }
            Object s;
            Object t;
            try {
                s = Values.coerce(sk.type(), sk.precision(), row.get(r.sourceJoinKey()));
                t = Values.coerce(tk.type(), tk.precision(), row.get(r.targetJoinKey()));
            } catch (Values.TypeMismatch ex) {
                throw ApiException.validation("row " + i + ": " + ex.getMessage());
            }
            if (s == null || t == null) {
                throw ApiException.validation("row " + i + ": " + r.sourceJoinKey() + " and " + r.targetJoinKey() + " are required");
            }
            inserted += Jdbc.update(c, SqlFragment.builder().sql("INSERT INTO ").sql(SqlFragment.ident(r.joinTable()))
                    .sql(" (").sql(SqlFragment.ident(r.sourceJoinKey())).sql(", ").sql(SqlFragment.ident(r.targetJoinKey()))
                    .sql(") VALUES (").bind(s).sql(", ").bind(t).sql(") ON CONFLICT DO NOTHING").build());
        }
        return inserted;
    }
}
