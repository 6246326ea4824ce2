package dev.rocket.write;

import dev.rocket.auth.Caller;
import dev.rocket.db.Tx;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.Registry;
import dev.rocket.permission.Permissions;
import dev.rocket.query.IncludeLoader;
import dev.rocket.query.QueryPlanner;
import dev.rocket.query.ReadPlan;
import dev.rocket.query.ReadService;
import dev.rocket.statemachine.StateMachineEvaluator;
import dev.rocket.tenancy.AppContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Create, update and delete of records: the transaction boundary. The caller's permission for the
 * action comes first (for an update, on the locked current row); then the whole payload tree is planned
 * and validated before anything is written; then everything — parent, nested children, join rows, cascades, rules,
 * audit rows, listeners' in-transaction work and the re-read of the result — runs on ONE connection in
 * ONE transaction. Listeners' after-commit work follows.
 */
public final class WriteService {
    private static final Logger LOG = Logger.getLogger(WriteService.class.getName());
    private final List<WriteListener> listeners = new CopyOnWriteArrayList<>();

    public void addListener(WriteListener l) {
        listeners.add(l);
    }

    /**
     * The caller's right to create is checked before the payload is planned (403 before any 422); policy
     * conditions, which read the incoming values, right after.
     */
    public Map<String, Object> create(AppContext app, Registry reg, Caller caller, EntityDef e, Map<String, Object> body) {
        Permissions.requireAction(reg, caller, e, "create");
        RowPlan plan = new WritePlanner(reg).planCreate(e, body);
        Permissions.checkCreate(reg, caller, e, plan.values());
        List<WriteEvent> events = new ArrayList<>();
        return transaction(app, reg, caller, events, c -> {
            AuditLog audit = new AuditLog(caller.id());
            WriteExecutor x = new WriteExecutor(c, reg, audit, caller);
            Map<String, Object> row = x.create(plan);
            x.afterWrite();
            finish(c, app, reg, caller, audit, events);
            return result(c, reg, caller, e, plan, row);
        });
    }

    /**
     * In the order of the write pipeline: the current row is locked (404), the caller's right to update it
     * and to make the transitions asked for is checked (403), and only then is the payload planned and
     * validated (422).
     */
    public Map<String, Object> update(AppContext app, Registry reg, Caller caller, EntityDef e, String rawId,
                                      Map<String, Object> body) {
        Object id = ReadService.parseId(e, rawId);
        Permissions.requireAction(reg, caller, e, "update");
        List<WriteEvent> events = new ArrayList<>();
        return transaction(app, reg, caller, events, c -> {
            AuditLog audit = new AuditLog(caller.id());
            WriteExecutor x = new WriteExecutor(c, reg, audit, caller);
            Map<String, Object> before = x.lock(e, id);
            if (before == null) {
                throw ReadService.notFound(e, rawId);
            }
            Permissions.checkWrite(reg, caller, e, "update", before);
            StateMachineEvaluator.requireTransitionRoles(reg.stateMachines(e.name()), body, before, caller);
            RowPlan plan = new WritePlanner(reg).planUpdate(e, id, body);
            Map<String, Object> row = x.update(plan, before);
            x.afterWrite();
            finish(c, app, reg, caller, audit, events);
            return result(c, reg, caller, e, plan, row);
        });
    }

    public Map<String, Object> delete(AppContext app, Registry reg, Caller caller, EntityDef e, String rawId) {
        Object id = ReadService.parseId(e, rawId);
        List<WriteEvent> events = new ArrayList<>();
        return transaction(app, reg, caller, events, c -> {
            AuditLog audit = new AuditLog(caller.id());
            WriteExecutor x = new WriteExecutor(c, reg, audit, caller);
            Map<String, Object> before = x.lock(e, id);
            if (before == null) {
                throw ReadService.notFound(e, rawId);
            }
            Permissions.checkWrite(reg, caller, e, "delete", before);
            x.deleter().delete(e, id, before);
            finish(c, app, reg, caller, audit, events);
            return Map.of("id", before.get(e.pkField()));
        });
    }

    /** One transaction, then the listeners' after-commit work, then (always) their after-transaction work. */
    private Map<String, Object> transaction(AppContext app, Registry reg, Caller caller, List<WriteEvent> events,
                                            Tx.Work<Map<String, Object>> work) {
        boolean committed = false;
        try {
            Map<String, Object> out = Tx.inTransaction(app.dataSource(), work, app::recordsChanged);
            committed = true;
            afterCommit(app, reg, caller, events);
            return out;
        } finally {
            afterTransaction(app, events, committed);
        }
    }

    /** Audit rows, then the listeners' in-transaction work (which may veto by throwing). */
    private void finish(Connection c, AppContext app, Registry reg, Caller caller, AuditLog audit,
                        List<WriteEvent> events) throws SQLException {
        audit.flush(c);
        events.addAll(audit.events());
        for (WriteListener l : listeners) {
            l.beforeCommit(c, app, reg, caller, events);
        }
    }

    private void afterCommit(AppContext app, Registry reg, Caller caller, List<WriteEvent> events) {
        for (WriteListener l : listeners) {
            try {
                l.afterCommit(app, reg, caller, events);
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "after-commit listener failed (the write stands)", ex);
            }
        }
    }

    private void afterTransaction(AppContext app, List<WriteEvent> events, boolean committed) {
        for (WriteListener l : listeners) {
            try {
                l.afterTransaction(app, events, committed);
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "after-transaction listener failed", ex);
            }
        }
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
