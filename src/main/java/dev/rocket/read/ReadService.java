package dev.rocket.read;

import dev.rocket.auth.Caller;
import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.error.ApiException;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.Registry;
import dev.rocket.metadata.Values;
import dev.rocket.permission.Permissions;
import dev.rocket.query.Condition;
import dev.rocket.query.IncludeLoader;
import dev.rocket.query.QueryPlanner;
import dev.rocket.query.ReadPlan;
import dev.rocket.query.SqlRenderer;
import dev.rocket.request.ReadRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Reads of entity records: list (with total) and get-by-id, with includes and row-level permissions. */
public final class ReadService {
    private ReadService() {
    }

    public static Map<String, Object> list(DataSource ds, Registry reg, Caller caller, EntityDef e, ReadRequest req) {
        List<Condition> scope = Permissions.readScope(reg, caller, e);
        ReadPlan plan = QueryPlanner.plan(reg, e, req, scope, other -> Permissions.includeScope(reg, caller, other));
        SqlRenderer r = new SqlRenderer(reg);
        SqlFragment rows = r.select(plan);
        SqlFragment count = r.count(plan);
        return Tx.autoCommit(ds, c -> {
            long[] total = new long[1];
            List<Map<String, Object>> data = rowsAndCount(c, rows, count, total);
            new IncludeLoader(reg, other -> Permissions.includeScope(reg, caller, other)).load(c, data, plan.includes());
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("page", plan.page());
            meta.put("per_page", plan.perPage());
            meta.put("total", total[0]);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("data", data);
            out.put("meta", meta);
            return out;
        });
    }

    /** The page and its total in one round trip: both statements go to the server in one batch. */
    static List<Map<String, Object>> rowsAndCount(Connection c, SqlFragment rows, SqlFragment count, long[] total)
            throws SQLException {
        List<Object> binds = new ArrayList<>(count.binds());
        binds.addAll(rows.binds());
        SqlFragment both = SqlFragment.of(count.sql() + "; " + rows.sql(), binds);
        try (PreparedStatement ps = Jdbc.prepare(c, both)) {
            boolean isResult = ps.execute();
            List<Map<String, Object>> data = List.of();
            int seen = 0;
            while (true) {
                if (isResult) {
                    try (ResultSet rs = ps.getResultSet()) {
                        if (seen == 0) {
                            total[0] = rs.next() ? rs.getLong(1) : 0;
                        } else {
                            data = Jdbc.readAll(rs);
                        }
                    }
                    seen++;
                } else if (ps.getUpdateCount() == -1) {
                    break;
                }
                isResult = ps.getMoreResults();
            }
            return data;
        }
    }

    public static Map<String, Object> get(DataSource ds, Registry reg, Caller caller, EntityDef e, String rawId,
                                          List<String> include) {
        List<Condition> scope = Permissions.readScope(reg, caller, e);
        Object id = parseId(e, rawId);
        List<ReadPlan.Include> includes = QueryPlanner.includes(reg, e, include);
        SqlFragment q = new SqlRenderer(reg).byId(e, id, scope);
        return Tx.autoCommit(ds, c -> {
            Map<String, Object> row = Jdbc.queryOne(c, q);
            if (row == null) {
                throw notFound(e, rawId);
            }
            new IncludeLoader(reg, other -> Permissions.includeScope(reg, caller, other)).load(c, List.of(row), includes);
            return row;
        });
    }

    /** A record id from the URL, typed by the primary key; a malformed id is simply not found (SPEC G-23). */
    public static Object parseId(EntityDef e, String rawId) {
        try {
            if (rawId == null || rawId.length() > 512) {
                throw notFound(e, rawId);
            }
            return Values.parseText(e.pkType(), null, rawId);
        } catch (Values.TypeMismatch ex) {
            throw notFound(e, rawId);
        }
    }

    public static ApiException notFound(EntityDef e, String rawId) {
        String shown = rawId == null ? "" : rawId.length() > 100 ? rawId.substring(0, 100) + "…" : rawId;
        return ApiException.notFound(e.name() + " with id " + shown + " not found");
    }
}
