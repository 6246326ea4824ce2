package dev.rocket.write;

import dev.rocket.auth.Caller;
import dev.rocket.db.Tx;
import dev.rocket.error.ApiException;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.Registry;
import dev.rocket.permission.Permissions;
import dev.rocket.query.IncludeLoader;
import dev.rocket.query.QueryPlanner;
import dev.rocket.query.ReadPlan;
import dev.rocket.query.ReadService;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Create, update and delete of records: the transaction boundary. The whole payload tree is planned
 * and validated before BEGIN; then everything — parent, nested children, join rows, cascades, audit
 * rows and the re-read of the result — runs on ONE connection in ONE transaction.
 */
public final class WriteService {
    private WriteService() {
    }

    public static Map<String, Object> create(DataSource ds, Registry reg, Caller caller, EntityDef e,
                                             Map<String, Object> body) {
        RowPlan plan = new WritePlanner(reg).planCreate(e, body);
        Permissions.checkWrite(reg, caller, e, "create", plan.values());
        return Tx.inTransaction(ds, c -> {
            AuditLog audit = new AuditLog(caller.id());
            WriteExecutor x = new WriteExecutor(c, reg, audit, caller);
            Map<String, Object> row = x.create(plan);
            x.afterWrite();
            audit.flush(c);
            return result(c, reg, caller, e, plan, row);
        });
    }

    public static Map<String, Object> update(DataSource ds, Registry reg, Caller caller, EntityDef e, String rawId,
                                             Map<String, Object> body) {
        Object id = ReadService.parseId(e, rawId);
        RowPlan plan = new WritePlanner(reg).planUpdate(e, id, body);
        return Tx.inTransaction(ds, c -> {
            AuditLog audit = new AuditLog(caller.id());
            WriteExecutor x = new WriteExecutor(c, reg, audit, caller);
            Map<String, Object> before = x.lock(e, id);
            if (before == null) {
                throw ReadService.notFound(e, rawId);
            }
            Permissions.checkWrite(reg, caller, e, "update", before);
            Map<String, Object> row = x.update(plan, before);
            x.afterWrite();
            audit.flush(c);
            return result(c, reg, caller, e, plan, row);
        });
    }

    public static Map<String, Object> delete(DataSource ds, Registry reg, Caller caller, EntityDef e, String rawId) {
        Object id = ReadService.parseId(e, rawId);
        return Tx.inTransaction(ds, c -> {
            AuditLog audit = new AuditLog(caller.id());
            WriteExecutor x = new WriteExecutor(c, reg, audit, caller);
            Map<String, Object> before = x.lock(e, id);
            if (before == null) {
                throw ReadService.notFound(e, rawId);
            }
            Permissions.checkWrite(reg, caller, e, "delete", before);
            x.deleter().delete(e, id, before);
            audit.flush(c);
            return Map.of("id", before.get(e.pkField()));
        });
    }

    /** The written record with every relation written in the request included (and eager ones). */
    private static Map<String, Object> result(Connection c, Registry reg, Caller caller, EntityDef e, RowPlan plan,
                                              Map<String, Object> row) throws SQLException {
        List<String> names = new ArrayList<>();
        for (RowPlan.NestedPlan n : plan.nested()) {
            names.add(n.relation().name());
        }
        List<ReadPlan.Include> includes = QueryPlanner.includes(reg, e, names);
        if (!includes.isEmpty()) {
            new IncludeLoader(reg, other -> Permissions.includeScope(reg, caller, other)).load(c, List.of(row), includes);
        }
        return row;
    }

}
