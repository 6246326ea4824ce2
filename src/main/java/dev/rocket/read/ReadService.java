package dev.rocket.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocket.auth.Caller;
import dev.rocket.db.CountCache;
import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.error.ApiException;
import dev.rocket.json.Json;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.Registry;
import dev.rocket.metadata.Values;
import dev.rocket.permission.Permissions;
import dev.rocket.query.Condition;
import dev.rocket.query.Cursor;
import dev.rocket.query.IncludeLoader;
import dev.rocket.query.Projection;
import dev.rocket.query.QueryPlanner;
import dev.rocket.query.ReadPlan;
import dev.rocket.query.SqlRenderer;
import dev.rocket.request.ReadRequest;
import java.io.IOException;
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

    public static Map<String, Object> list(DataSource ds, CountCache counts, Registry reg, Caller caller, EntityDef e,
                                           ReadRequest req) {
        List<Condition> scope = Permissions.readScope(reg, caller, e);
        ReadPlan plan = QueryPlanner.plan(reg, e, req, scope, other -> Permissions.includeScope(reg, caller, other));
        SqlRenderer r = new SqlRenderer(reg);
        SqlFragment rows = r.select(plan);
        SqlFragment count = r.count(plan);
        return Tx.autoCommit(ds, c -> {
            Page page = page(c, counts, plan.count(), plan, r, rows, count);
            List<Map<String, Object>> data = page.rows;
            String next = null;
            if (data.size() > plan.perPage()) {
                data = new ArrayList<>(data.subList(0, plan.perPage()));
                if (plan.after() != null) {
                    next = Cursor.encode(plan.order(), data.get(data.size() - 1));
                }
            }
            new IncludeLoader(reg, other -> Permissions.includeScope(reg, caller, other)).load(c, data, plan.includes());
            plan.projection().apply(data);
            Map<String, Object> meta = new LinkedHashMap<>();
            if (plan.after() == null) {
                meta.put("page", plan.page());
            }
            meta.put("per_page", plan.perPage());
            if (plan.count() != ReadRequest.CountMode.NONE) {
                meta.put("total", page.total);
            }
            if (plan.count() == ReadRequest.CountMode.ESTIMATED) {
                meta.put("count", "estimated");
            }
            if (next != null) {
                meta.put("next_cursor", next);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("data", data);
            out.put("meta", meta);
            return out;
        });
    }

    /** count=estimated counts exactly when the planner expects no more rows than this (cheap, and exact). */
    private static final long EXACT_BELOW = 10_000;

    /** Rows of a page (one more than asked for when a next page exists) and the total as asked for. */
    private record Page(List<Map<String, Object>> rows, long total) {
    }

    /**
     * The page and its total in one round trip, every statement in one batch:
     * <ul>
     * <li>exact: the data version, then the count — or, when a total for this count query is kept, a
     *     statement that counts only if the version moved since ({@link CountCache}) — then the rows;</li>
     * <li>estimated: the planner's row estimate for the query ({@code EXPLAIN}), then the rows; a page that
     *     is not full gives the exact total instead, and so does an estimate of at most 10,000 rows (counted as
     *     for exact, in a second round trip);</li>
     * <li>none: the rows.</li>
     * </ul>
     */
    private static Page page(Connection c, CountCache counts, ReadRequest.CountMode mode, ReadPlan plan, SqlRenderer r,
                             SqlFragment rows, SqlFragment count) throws SQLException {
        List<SqlFragment> batch = new ArrayList<>(3);
        String key = null;
        CountCache.Entry kept = null;
        switch (mode) {
            case EXACT -> {
                if (CountCache.enabled()) {
                    key = CountCache.key(count);
                    kept = counts.fresh(key);
                    batch.add(SqlFragment.of(CountCache.VERSION_SQL, List.of()));
                    if (kept != null) {
                        List<Object> binds = new ArrayList<>(count.binds().size() + 1);
                        binds.add(kept.version());
                        binds.addAll(count.binds());
                        batch.add(SqlFragment.of("SELECT CASE WHEN (" + CountCache.VERSION_SQL + ") = ? THEN -1 ELSE ("
                                + count.sql() + ") END", binds));
                    } else {
                        batch.add(count);
                    }
                } else {
                    batch.add(count);
                }
            }
            case ESTIMATED -> batch.add(SqlFragment.of("EXPLAIN (FORMAT JSON) " + r.matching(plan).sql(),
                    r.matching(plan).binds()));
            case NONE -> {
            }
        }
        batch.add(rows);
        List<Object> results = run(c, batch);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> data = (List<Map<String, Object>>) results.get(results.size() - 1);
        long total = 0;
        switch (mode) {
            case EXACT -> {
                if (key != null) {
                    long version = (Long) results.get(0);
                    long counted = (Long) results.get(1);
                    if (counted < 0) {
                        total = kept.total();
                    } else {
                        total = counted;
                        counts.put(key, version, counted);
                    }
                } else {
                    total = (Long) results.get(0);
                }
            }
            case ESTIMATED -> {
                long seen = plan.offset() + Math.min(data.size(), plan.perPage());
                if (data.size() <= plan.perPage() && plan.after() == null && (!data.isEmpty() || plan.page() == 1)) {
                    total = seen; // the last page: the exact total is known
                } else {
                    long estimate = estimate((String) results.get(0));
                    if (estimate <= EXACT_BELOW) {
                        return page(c, counts, ReadRequest.CountMode.EXACT, plan, r, rows, count);
                    }
                    total = Math.max(estimate, data.size() > plan.perPage() ? seen + 1 : seen);
                }
            }
            case NONE -> {
            }
        }
        return new Page(data, total);
    }

    /** "Plan Rows" of the top node of an {@code EXPLAIN (FORMAT JSON)} answer. */
    private static long estimate(String explain) throws SQLException {
        try {
            JsonNode n = Json.MAPPER.readTree(explain);
            return Math.max(0, Math.round(n.path(0).path("Plan").path("Plan Rows").asDouble(0)));
        } catch (IOException e) {
            throw new SQLException("unreadable EXPLAIN answer", e);
        }
    }

    /**
     * Runs the statements as one batch (one round trip) and returns one result per statement: a one-column
     * one-row answer as its value (Long or String), the last statement's rows as maps.
     */
    private static List<Object> run(Connection c, List<SqlFragment> statements) throws SQLException {
        StringBuilder sql = new StringBuilder();
        List<Object> binds = new ArrayList<>();
        for (SqlFragment f : statements) {
            if (sql.length() > 0) {
                sql.append("; ");
            }
            sql.append(f.sql());
            binds.addAll(f.binds());
        }
        List<Object> out = new ArrayList<>(statements.size());
        try (PreparedStatement ps = Jdbc.prepare(c, SqlFragment.of(sql.toString(), binds))) {
            boolean isResult = ps.execute();
            while (true) {
                if (isResult) {
                    try (ResultSet rs = ps.getResultSet()) {
                        if (out.size() == statements.size() - 1) {
                            out.add(Jdbc.readAll(rs));
                        } else if (!rs.next()) {
                            out.add(0L);
                        } else {
                            Object v = rs.getObject(1);
                            out.add(v instanceof Number n ? (Object) n.longValue() : String.valueOf(v));
                        }
                    }
                } else if (ps.getUpdateCount() == -1) {
                    break;
                }
                isResult = ps.getMoreResults();
            }
        }
        return out;
    }

    public static Map<String, Object> get(DataSource ds, Registry reg, Caller caller, EntityDef e, String rawId,
                                          List<String> include, List<String> fields) {
        List<Condition> scope = Permissions.readScope(reg, caller, e);
        Object id = parseId(e, rawId);
        List<ReadPlan.Include> includes = QueryPlanner.includes(reg, e, include);
        Projection projection = QueryPlanner.projection(reg, e, includes, fields);
        SqlFragment q = new SqlRenderer(reg).byId(e, id, scope);
        return Tx.autoCommit(ds, c -> {
            Map<String, Object> row = Jdbc.queryOne(c, q);
            if (row == null) {
                throw notFound(e, rawId);
            }
            new IncludeLoader(reg, other -> Permissions.includeScope(reg, caller, other)).load(c, List.of(row), includes);
            projection.apply(List.of(row));
            return row;
        });
    }

    /** A record id from the URL, typed by the primary key; a malformed id is simply not found (docs/query.md#one-record). */
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
