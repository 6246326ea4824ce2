package dev.rocket.write;

import dev.rocket.auth.Caller;
import dev.rocket.db.CountCache;
import dev.rocket.db.Tx;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.FieldType;
import dev.rocket.metadata.Hook;
import dev.rocket.metadata.Registry;
import dev.rocket.permission.Permissions;
import dev.rocket.query.IncludeLoader;
import dev.rocket.query.QueryPlanner;
import dev.rocket.query.ReadPlan;
import dev.rocket.read.ReadService;
import dev.rocket.rules.RuleKind;
import dev.rocket.statemachine.StateMachineEvaluator;
import dev.rocket.statemachine.StateMachineKind;
import dev.rocket.tenancy.AppContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Create, update and delete of records: the transaction boundary. The caller's permission for the
 * action comes first (for an update, on the locked current row); then the whole payload tree is planned
 * and validated before anything is written; then everything — parent, nested children, join rows, cascades, rules,
 * audit rows, listeners' in-transaction work and the re-read of the result — runs on ONE connection in
 * ONE transaction, whose listeners' state lives in a {@link WriteUnit} per attempt. Listeners' after-commit work
 * follows, with the committed attempt's unit only.
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
        if (singleStatement(reg, e, plan)) {
            return singleStatementCreate(app, reg, caller, e, plan);
        }
        return batchedOrRowByRow(batch -> transaction(app, reg, caller, (c, unit) -> {
            AuditLog audit = new AuditLog(caller.id());
            WriteExecutor x = new WriteExecutor(c, reg, audit, caller, batch);
            Map<String, Object> row = x.create(plan);
            x.afterWrite();
            finish(c, audit, unit);
            return result(c, reg, caller, e, plan, row);
        }));
    }

    /**
     * The write with new nested children inserted several at a time; if such a statement failed, the write (rolled
     * back) is made again with one statement per row, so that the error names the row as it always does.
     */
    private static Map<String, Object> batchedOrRowByRow(Function<Boolean, Map<String, Object>> write) {
        try {
            return write.apply(true);
        } catch (WriteExecutor.RowByRow again) {
            return write.apply(false);
        }
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
        return batchedOrRowByRow(batch -> transaction(app, reg, caller, (c, unit) -> {
            AuditLog audit = new AuditLog(caller.id());
            WriteExecutor x = new WriteExecutor(c, reg, audit, caller, batch);
            Map<String, Object> before = x.lock(e, id);
            if (before == null) {
                throw ReadService.notFound(e, rawId);
            }
            Permissions.checkWrite(reg, caller, e, "update", before);
            StateMachineEvaluator.requireTransitionRoles(reg.index(StateMachineKind.KIND).of(e.name()), body, before, caller);
            RowPlan plan = new WritePlanner(reg).planUpdate(e, id, body);
            Map<String, Object> row = x.update(plan, before);
            x.afterWrite();
            finish(c, audit, unit);
            return result(c, reg, caller, e, plan, row);
        }));
    }

    public Map<String, Object> delete(AppContext app, Registry reg, Caller caller, EntityDef e, String rawId) {
        Object id = ReadService.parseId(e, rawId);
        return transaction(app, reg, caller, (c, unit) -> {
            AuditLog audit = new AuditLog(caller.id());
            WriteExecutor x = new WriteExecutor(c, reg, audit, caller);
            Map<String, Object> before = x.lock(e, id);
            if (before == null) {
                throw ReadService.notFound(e, rawId);
            }
            Permissions.checkWrite(reg, caller, e, "delete", before);
            x.deleter().delete(e, id, before);
            finish(c, audit, unit);
            return Map.of("id", before.get(e.pkField()));
        });
    }

    /**
     * Whether a create is one statement and nothing more: the record and its audit row (see
     * {@link AuditLog#createdInStatement}). It is when nothing else would run in its transaction — no nested
     * writes, no state machine of the entity (its actions may write), no before_write rule that loads related
     * records, no after_write rule, no file reference to look up, and no listener that acts on writes of the entity.
     */
    boolean singleStatement(Registry reg, EntityDef e, RowPlan plan) {
        if (!plan.nested().isEmpty() || !WriteExecutor.oneStatementEach(reg, e)
                || !reg.index(RuleKind.KIND).of(e.name(), Hook.AFTER_WRITE).isEmpty()) {
            return false;
        }
        for (FieldDef f : e.fields()) {
            if (f.type() == FieldType.FILE && plan.values().get(f.name()) != null) {
                return false;
            }
        }
        for (WriteListener l : listeners) {
            if (l.actsOn(reg, e.name())) {
                return false;
            }
        }
        return true;
    }

    /**
     * A create that is one statement ({@link #singleStatement}) is one round trip: BEGIN, the statement (record and
     * audit row), COMMIT and the data version's advance after it, sent together. The listeners act on no write of
     * the entity; they still get the unit after commit, as after any write.
     */
    private Map<String, Object> singleStatementCreate(AppContext app, Registry reg, Caller caller, EntityDef e,
                                                      RowPlan plan) {
        List<WriteUnit> attempts = new ArrayList<>(1);
        WriteUnit committed = null;
        try {
            Committed done = Tx.autoCommit(app.dataSource(), c -> {
                WriteUnit unit = new WriteUnit(app, reg, caller);
                attempts.add(unit);
                AuditLog audit = new AuditLog(caller.id());
                WriteExecutor x = new WriteExecutor(c, reg, audit, caller);
                Map<String, Object> row = x.createCommittedThen(plan, CountCache.ADVANCE_SQL);
                unit.addEvents(audit.events());
                return new Committed(result(c, reg, caller, e, plan, row), unit);
            });
            committed = done.unit();
            afterCommit(committed);
            return done.result();
        } finally {
            afterTransaction(attempts, committed);
        }
    }

    /** One attempt of the transaction's work, with the unit it fills. */
    @FunctionalInterface
    private interface Work {
        Map<String, Object> run(Connection c, WriteUnit unit) throws SQLException;
    }

    /** What the attempt that committed returns: its result and its unit. */
    private record Committed(Map<String, Object> result, WriteUnit unit) {
    }

    /**
     * One transaction, then the listeners' after-commit work, then (always) their after-transaction work. Each
     * attempt ({@link Tx#inTransaction} runs the work again after a stale cached plan) gets a unit of its own; only
     * the committed attempt's unit reaches after-commit work.
     */
    private Map<String, Object> transaction(AppContext app, Registry reg, Caller caller, Work work) {
        List<WriteUnit> attempts = new ArrayList<>(1);
        WriteUnit committed = null;
        try {
            // the data version is advanced after the commit, in the COMMIT's round trip
            Committed done = Tx.inTransaction(app.dataSource(), c -> {
                WriteUnit unit = new WriteUnit(app, reg, caller);
                attempts.add(unit);
                return new Committed(work.run(c, unit), unit);
            }, CountCache.ADVANCE_SQL);
            committed = done.unit();
            afterCommit(committed);
            return done.result();
        } finally {
            afterTransaction(attempts, committed);
        }
    }

    /** Audit rows, then the listeners' in-transaction work (which may veto by throwing). */
    private void finish(Connection c, AuditLog audit, WriteUnit unit) throws SQLException {
        audit.flush(c); // rows not written with their record's statement (updates, deletes, events)
        unit.addEvents(audit.events());
        for (WriteListener l : listeners) {
            l.beforeCommit(c, unit);
        }
    }

    private void afterCommit(WriteUnit unit) {
        for (WriteListener l : listeners) {
            try {
                l.afterCommit(unit);
            } catch (RuntimeException ex) {
                LOG.log(Level.WARNING, "after-commit listener failed (the write stands)", ex);
            }
        }
    }

    private void afterTransaction(List<WriteUnit> attempts, WriteUnit committed) {
        for (WriteUnit unit : attempts) {
            for (WriteListener l : listeners) {
                try {
                    l.afterTransaction(unit, unit == committed);
                } catch (RuntimeException ex) {
                    LOG.log(Level.WARNING, "after-transaction listener failed", ex);
                }
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
