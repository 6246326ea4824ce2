package dev.rocket.schema;

import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.RelationDef;
import dev.rocket.metadata.Schema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A safety net for servers running with {@code autovacuum = off}: without statistics and visibility
 * maps, list totals fall back to heap scans and plans go wrong as tables grow. When autovacuum is off,
 * this task (a clustered Quartz job) vacuums and analyses the tables Rocket created (entity and join tables,
 * and the app's growing system tables such as the audit log) once enough rows changed; the thresholds
 * mirror PostgreSQL's own defaults. With autovacuum on it does nothing.
 */
public final class TableMaintenance {
    private static final Logger LOG = Logger.getLogger(TableMaintenance.class.getName());

    /** The app's own system tables that grow with traffic (the audit log with every write). */
    static final List<String> GROWING_SYSTEM_TABLES = List.of("_audit_log", "_webhook_logs", "_workflow_instances",
            "_refresh_tokens", "_login_failures", "_files", "_transition_outbox", "_workflow_outbox");

    private TableMaintenance() {
    }

    /** Whether the server's autovacuum is off (then Rocket maintains its tables itself). */
    public static boolean autovacuumOff(DataSource management) {
        String v = Tx.autoCommit(management, c -> (String) Jdbc.queryOne(c, SqlFragment.of(
                "SELECT setting FROM pg_settings WHERE name = 'autovacuum'")).get("setting"));
        return "off".equals(v);
    }

    /**
     * Vacuums/analyses the app's entity and join tables that changed enough since last time.
     *
     * @param app    the app's name, for the log
     * @param reg    its schema: which tables to look at
     * @param ds     its pool for background work
     */
    public static void run(String app, Schema reg, DataSource ds) {
        Set<String> tables = new HashSet<>();
        for (EntityDef e : reg.entities().values()) {
            tables.add(e.table());
        }
        for (RelationDef r : reg.relations().values()) {
            if (r.isManyToMany()) {
                tables.add(r.joinTable());
            }
        }
        tables.addAll(GROWING_SYSTEM_TABLES);
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(true);
            try {
                maintain(c, tables);
            } finally {
                Jdbc.execute(c, "RESET vacuum_cost_delay");
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "Table maintenance of app " + app + " failed", e);
        }
    }

    private static void maintain(Connection c, Set<String> tables) throws SQLException {
        // throttled like autovacuum (autovacuum_vacuum_cost_delay = 2 ms): a manual VACUUM is not, and would
        // take the CPU and I/O that requests need while a table is being written heavily
        Jdbc.execute(c, "SET vacuum_cost_delay = 2");
        List<Map<String, Object>> stats = Jdbc.query(c, SqlFragment.of(
                "SELECT relname, n_live_tup, n_mod_since_analyze, n_ins_since_vacuum, n_dead_tup FROM pg_stat_user_tables "
                        + "WHERE schemaname = current_schema() AND relname = ANY(?)",
                new Jdbc.SqlArray("text", tables.toArray())));
        for (Map<String, Object> s : stats) {
            String table = (String) s.get("relname");
            if (!tables.contains(table)) {
                continue; // only names Rocket validated reach DDL
            }
            long live = num(s.get("n_live_tup"));
            boolean vacuum = num(s.get("n_ins_since_vacuum")) + num(s.get("n_dead_tup")) > 1000 + 0.2 * live;
            boolean analyze = num(s.get("n_mod_since_analyze")) > 50 + 0.1 * live;
            if (vacuum) {
                Jdbc.execute(c, "VACUUM (ANALYZE) " + SqlFragment.ident(table));
            } else if (analyze) {
                Jdbc.execute(c, "ANALYZE " + SqlFragment.ident(table));
            }
        }
    }

    private static long num(Object o) {
        return o instanceof Number n ? n.longValue() : 0L;
    }
}
