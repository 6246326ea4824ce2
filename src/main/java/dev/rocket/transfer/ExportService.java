package dev.rocket.transfer;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.tenancy.AppContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /_admin/export}: the app's metadata as one document, without row ids (SPEC §15). */
public final class ExportService {
    private ExportService() {
    }

    public static Map<String, Object> export(AppContext app) {
        return Tx.autoCommit(app.dataSource(), c -> {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("version", 1);
            doc.put("exported_at", Jdbc.ISO_UTC.format(Instant.now()));
            doc.put("entities", column(c, "SELECT definition FROM _entities ORDER BY created_at, name", "definition"));
            doc.put("relations", column(c, "SELECT definition FROM _relations ORDER BY created_at, name", "definition"));
            doc.put("rules", Jdbc.query(c, SqlFragment.of(
                    "SELECT entity, hook, type, definition, priority, active FROM _rules ORDER BY entity, priority, created_at")));
            doc.put("state_machines", Jdbc.query(c, SqlFragment.of(
                    "SELECT entity, field, definition, active FROM _state_machines ORDER BY entity, created_at")));
            doc.put("workflows", Jdbc.query(c, SqlFragment.of(
                    "SELECT name, trigger, context, steps, active FROM _workflows ORDER BY name")));
            doc.put("permissions", Jdbc.query(c, SqlFragment.of(
                    "SELECT entity, action, roles, conditions FROM _permissions ORDER BY entity, action, created_at")));
            doc.put("webhooks", Jdbc.query(c, SqlFragment.of("SELECT entity, hook, url, method, headers, condition, async, "
                    + "retry, active FROM _webhooks ORDER BY entity, hook, created_at")));
            return doc;
        });
    }

    private static List<Object> column(Connection c, String sql, String col) throws SQLException {
        List<Object> out = new ArrayList<>();
        for (Map<String, Object> row : Jdbc.query(c, SqlFragment.of(sql))) {
            out.add(row.get(col));
        }
        return out;
    }
}
