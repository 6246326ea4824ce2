package dev.rocket.write;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.request.RequestParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** {@code GET /_admin/audit-log}: exact-match filters, newest first, paginated with meta (docs/writes.md#audit-log). */
public final class AuditQuery {
    private static final List<String> FILTERS = List.of("entity", "record_id", "action", "user_id");

    private AuditQuery() {
    }

    public static Map<String, Object> list(DataSource ds, Map<String, List<String>> query) {
        SqlFragment.Builder where = SqlFragment.builder();
        for (String f : FILTERS) {
            List<String> v = query.get(f);
            if (v != null && !v.isEmpty() && v.get(0) != null) {
                String value = v.get(0).replace("\u0000", "");
                where.sql(where.isEmpty() ? " WHERE " : " AND ").sql(f).sql(" = ").bind(value);
            }
        }
        var page = RequestParser.parse(Map.of("page", query.getOrDefault("page", List.of()),
                "per_page", query.getOrDefault("per_page", List.of())));
        SqlFragment w = where.build();
        return Tx.autoCommit(ds, c -> {
            long total = Jdbc.queryLong(c, SqlFragment.builder().sql("SELECT COUNT(*) FROM _audit_log").append(w).build());
            List<Map<String, Object>> rows = Jdbc.query(c, SqlFragment.builder()
                    .sql("SELECT id, entity, record_id, action, changes, user_id, created_at FROM _audit_log")
                    .append(w).sql(" ORDER BY created_at DESC, id DESC LIMIT ").bind(page.perPage())
                    .sql(" OFFSET ").bind((long) (page.page() - 1) * page.perPage()).build());
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("page", page.page());
            meta.put("per_page", page.perPage());
            meta.put("total", total);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("data", rows);
            out.put("meta", meta);
            return out;
        });
    }
}
