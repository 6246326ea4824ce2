package dev.rocket.write;

import dev.rocket.auth.Caller;
import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import dev.rocket.error.SqlErrors;
import dev.rocket.metadata.ActionType;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.Hook;
import dev.rocket.metadata.Registry;
import dev.rocket.metadata.RelationDef;
import dev.rocket.metadata.RelationType;
import dev.rocket.metadata.Values;
import dev.rocket.metadata.WriteMode;
import dev.rocket.permission.Permissions;
import dev.rocket.query.Condition;
import dev.rocket.query.SqlRenderer;
import dev.rocket.rules.RuleDef;
import dev.rocket.rules.RuleKind;
import dev.rocket.statemachine.StateMachineEvaluator;
import dev.rocket.statemachine.StateMachineKind;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Executes a validated {@link RowPlan} tree on the caller's transaction: parent INSERT/UPDATE, then
 * nested writes per relation and mode (docs/writes.md#nested-writes), recursively, each child keyed to its parent.
 * Every written record is recorded in the {@link AuditLog}.
 */
public final class WriteExecutor {
    private final Connection c;
    private final Registry registry;
    private final AuditLog audit;
    private final Deleter deleter;
    private final Hooks hooks;
    private final Caller caller;
    private final boolean batchRows;
    /** Set for a create that is one statement: the statement that follows its COMMIT in the same round trip. */
    private String committedThen;

    public WriteExecutor(Connection c, Registry registry, AuditLog audit, Caller caller) {
        this(c, registry, audit, caller, false);
    }

    /**
     * @param batchRows new children without nested writes of their own are inserted with one statement per relation
     *                  (see {@link #insertAll}); false: one statement per row
     */
    WriteExecutor(Connection c, Registry registry, AuditLog audit, Caller caller, boolean batchRows) {
        this.batchRows = batchRows;
        this.caller = caller;
        this.c = c;
        this.registry = registry;
        this.audit = audit;
        this.hooks = new Hooks(c, registry, caller);
        this.deleter = new Deleter(c, registry, audit, hooks);
    }

    /** Runs the after_write rules of everything written; call once, after the last write. */
    public void afterWrite() throws SQLException {
        hooks.afterWrite();
    }

    public Deleter deleter() {
        return deleter;
    }

    /** INSERT of a top-level row and its nested writes; returns the inserted row. */
    /**
     * A create that is one statement ({@code WriteService.singleStatement}: no nested writes, nothing after the
     * insert), on a connection in auto-commit mode: committed in the statement's own round trip, {@code then}
     * after it ({@link Jdbc#queryCommittedThen}).
     */
    public Map<String, Object> createCommittedThen(RowPlan plan, String then) throws SQLException {
        if (!plan.nested().isEmpty()) {
            throw new IllegalArgumentException("a create with nested writes is not one statement");
        }
        committedThen = then;
        try {
            return create(plan);
        } finally {
            committedThen = null;
        }
    }

    public Map<String, Object> create(RowPlan plan) throws SQLException {
        Map<String, Object> row = insert(plan.entity(), plan.values());
        nested(plan, row);
        return row;
    }

    /** UPDATE of a top-level row (already locked as {@code before}) and its nested writes. */
    public Map<String, Object> update(RowPlan plan, Map<String, Object> before) throws SQLException {
        Map<String, Object> row = updateRow(plan.entity(), plan.pk(), plan.values(), before);
        nested(plan, row);
        return row;
    }

    Map<String, Object> insert(EntityDef e, Map<String, Object> values) throws SQLException {
        List<StateMachineEvaluator.Deferred> deferred = hooks.beforeWrite(e, values, null);
        FileFields.resolve(c, e, values);
        // the record and its audit row in one statement
        SqlFragment statement = audit.createdInStatement(e, insertStatement(e, List.of(values)));
        Map<String, Object> row;
        if (committedThen != null) {
            String then = committedThen;
            committedThen = null;
            row = Jdbc.queryCommittedThen(c, statement, then).get(0);
        } else {
            row = Jdbc.queryOne(c, statement);
        }
        audit.createdWritten(e.name(), row.get(e.pkField()), row);
        hooks.written(e, row, null);
        runDeferred(e, row, deferred);
        return row;
    }

    /**
     * {@code INSERT INTO table AS t (columns) VALUES (…), (…) RETURNING select list}: the columns are the auto ones
     * (set to NOW()) and those some row gives; a row that does not give one gets the column's DEFAULT. One row with
     * no column at all is {@code DEFAULT VALUES}.
     */
    static SqlFragment insertStatement(EntityDef e, List<Map<String, Object>> rows) {
        List<FieldDef> columns = new ArrayList<>();
        for (FieldDef f : e.fields()) {
            if (f.isAuto() || rows.stream().anyMatch(v -> v.containsKey(f.name()))) {
                columns.add(f);
            }
        }
        SqlFragment.Builder b = SqlFragment.builder().sql("INSERT INTO ").sql(e.quotedTable()).sql(" AS t");
        if (columns.isEmpty() && rows.size() == 1) {
            b.sql(" DEFAULT VALUES");
        } else if (columns.isEmpty()) {
            throw new IllegalArgumentException("several rows with no column: one INSERT each");
        } else {
            b.sql(" (");
            for (int i = 0; i < columns.size(); i++) {
                b.sql(i == 0 ? "" : ", ").sql(columns.get(i).quoted());
            }
            b.sql(") VALUES ");
            for (int r = 0; r < rows.size(); r++) {
                Map<String, Object> values = rows.get(r);
                b.sql(r == 0 ? "(" : ", (");
                for (int i = 0; i < columns.size(); i++) {
                    FieldDef f = columns.get(i);
                    b.sql(i == 0 ? "" : ", ");
                    if (f.isAuto()) {
                        b.sql("NOW()");
                    } else if (values.containsKey(f.name())) {
                        b.bind(values.get(f.name()));
                    } else {
                        b.sql("DEFAULT");
                    }
                }
                b.sql(")");
            }
        }
        return b.sql(" RETURNING ").sql(e.selectList()).build();
    }

    /**
     * Transition actions that act beyond the row: create_record in this transaction; webhook after commit
     * (handed to the listeners with the record's event); send_event recorded.
     */
    private void runDeferred(EntityDef e, Map<String, Object> row, List<StateMachineEvaluator.Deferred> deferred)
            throws SQLException {
        for (StateMachineEvaluator.Deferred d : deferred) {
            Map<String, Object> a = d.action();
            ActionType type = ActionType.of(a);
            Map<String, Object> event = new LinkedHashMap<>(a);
            event.put("from", d.from());
            event.put("to", d.to());
            Object id = row.get(e.pkField());
            ActionType done = switch (type) { // a switch expression: every action type handled
                case CREATE_RECORD -> {
                    EntityDef target = registry.entity((String) a.get("entity"));
                    @SuppressWarnings("unchecked")
                    Map<String, Object> data = a.get("data") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                    create(new WritePlanner(registry).planCreate(target, new LinkedHashMap<>(data)));
                    yield type;
                }
                case WEBHOOK -> {
                    audit.attachTransitionAction(e.name(), id, event); // called after commit, with the record's event
                    yield type;
                }
                case SEND_EVENT -> {
                    audit.event(e.name(), id, type.wireName(), event);
                    yield type;
                }
                case SET_FIELD -> throw new IllegalStateException("set_field runs on the row, never deferred");
            };
            assert done == type;
        }
    }

    Map<String, Object> updateRow(EntityDef e, Object pk, Map<String, Object> values, Map<String, Object> before)
            throws SQLException {
        List<StateMachineEvaluator.Deferred> deferred = hooks.beforeWrite(e, values, before);
        FileFields.resolve(c, e, values);
        SqlFragment.Builder b = SqlFragment.builder().sql("UPDATE ").sql(e.quotedTable()).sql(" AS t SET ");
        boolean first = true;
        for (Map.Entry<String, Object> en : values.entrySet()) {
            FieldDef f = e.field(en.getKey());
            b.sql(first ? "" : ", ").sql(f.quoted()).sql(" = ").bind(en.getValue());
            first = false;
        }
        for (FieldDef f : e.fields()) {
            if ("update".equals(f.auto())) {
                b.sql(first ? "" : ", ").sql(f.quoted()).sql(" = NOW()");
                first = false;
            }
        }
        if (first) {
            hooks.written(e, before, before);
            return before; // nothing to set
        }
        b.sql(" WHERE t.").sql(e.pk().quoted()).sql(" = ").bind(pk);
        if (e.softDelete()) {
            b.sql(" AND ").sql(e.liveCondition("t"));
        }
        b.sql(" RETURNING ").sql(e.selectList());
        Map<String, Object> row = Jdbc.queryOne(c, b.build());
        if (row == null) {
            throw ApiException.notFound(e.name() + " with id " + pk + " not found");
        }
        audit.updated(e.name(), pk, before, row);
        hooks.written(e, row, before);
        runDeferred(e, row, deferred);
        return row;
    }

    /** Locks and returns the live row, or null. */
    public Map<String, Object> lock(EntityDef e, Object pk) throws SQLException {
        SqlFragment.Builder b = SqlFragment.builder().sql("SELECT ").sql(e.selectList()).sql(" FROM ")
                .sql(e.quotedTable()).sql(" t WHERE t.").sql(e.pk().quoted()).sql(" = ").bind(pk);
        if (e.softDelete()) {
            b.sql(" AND ").sql(e.liveCondition("t"));
        }
        b.sql(" FOR UPDATE");
        return Jdbc.queryOne(c, b.build());
    }

    private void nested(RowPlan parent, Map<String, Object> parentRow) throws SQLException {
        for (RowPlan.NestedPlan n : parent.nested()) {
            RelationDef r = n.relation();
            Object key = parentRow.get(r.sourceKey());
            if (r.isManyToMany()) {
                manyToMany(n, key);
            } else {
                children(n, key);
            }
        }
    }

    private void children(RowPlan.NestedPlan n, Object parentKey) throws SQLException {
        RelationDef r = n.relation();
        EntityDef child = registry.entity(r.target());
        FieldDef fk = child.field(r.targetKey());
        WriteMode mode = n.mode();
        boolean onlyNew = n.rows().stream().allMatch(row -> row.pk() == null);
        if (onlyNew && mode != WriteMode.REPLACE) {
            // the current children matter only to rows that name one and to replace: none here
            if (batchRows && n.rows().size() > 1 && n.rows().stream().allMatch(row -> row.nested().isEmpty())
                    && oneStatementEach(registry, child)) {
                insertAll(n, parentKey);
            } else {
                for (RowPlan row : n.rows()) {
                    createChild(n, row, parentKey);
                }
            }
            oneToOne(r, child, fk, parentKey);
            return;
        }
        Map<String, Map<String, Object>> current = new LinkedHashMap<>();
        if (parentKey != null) {
            SqlFragment.Builder b = SqlFragment.builder().sql("SELECT ").sql(child.selectList()).sql(" FROM ")
                    .sql(child.quotedTable()).sql(" t WHERE t.").sql(fk.quoted()).sql(" = ")
                    .bind(coerceKey(fk, parentKey));
            if (child.softDelete()) {
                b.sql(" AND ").sql(child.liveCondition("t"));
            }
            b.sql(" FOR UPDATE");
            for (Map<String, Object> row : Jdbc.query(c, b.build())) {
                current.put(String.valueOf(row.get(child.pkField())), row);
            }
        }
        Set<String> mentioned = new LinkedHashSet<>();
        for (RowPlan row : n.rows()) {
            try {
                if (row.pk() == null) {
                    createChild(n, row, parentKey);
                    continue;
                }
                String id = String.valueOf(row.pk());
                Map<String, Object> existing = current.get(id);
                if (mode == WriteMode.APPEND) {
                    continue; // rows with a key are ignored in append mode
                }
                if (existing == null) {
                    throw foreignRow(r, row, child);
                }
                mentioned.add(id);
                if (row.delete()) {
                    Permissions.checkWrite(registry, caller, child, "delete", existing);
                    deleter.delete(child, row.pk(), existing);
                    current.remove(id);
                } else {
                    Permissions.checkWrite(registry, caller, child, "update", existing);
                    Map<String, Object> updated = updateRow(child, row.pk(), row.values(), existing);
                    nested(row, updated);
                }
            } catch (ApiException e) {
                throw withPath(e, r, row.index());
            } catch (SQLException e) {
                throw childSqlError(e, r, row.index());
            }
        }
        if (mode == WriteMode.REPLACE) {
            for (Map.Entry<String, Map<String, Object>> en : current.entrySet()) {
                if (!mentioned.contains(en.getKey())) {
                    Permissions.checkWrite(registry, caller, child, "delete", en.getValue());
                    deleter.delete(child, coerceKey(child.pk(), en.getValue().get(child.pkField())), en.getValue());
                }
            }
        }
        oneToOne(r, child, fk, parentKey);
    }

    /** A new child row and its own nested writes. */
    private void createChild(RowPlan.NestedPlan n, RowPlan row, Object parentKey) throws SQLException {
        RelationDef r = n.relation();
        EntityDef child = registry.entity(r.target());
        try {
            Map<String, Object> inserted = insert(child, childValues(n, row, parentKey));
            nested(row, inserted);
        } catch (ApiException e) {
            throw withPath(e, r, row.index());
        } catch (SQLException e) {
            throw childSqlError(e, r, row.index());
        }
    }

    /** A new child's values with its parent's key; a nested child is a write of its own entity: its permissions apply (docs/permissions.md). */
    private Map<String, Object> childValues(RowPlan.NestedPlan n, RowPlan row, Object parentKey) {
        RelationDef r = n.relation();
        EntityDef child = registry.entity(r.target());
        Map<String, Object> values = new LinkedHashMap<>(row.values());
        values.put(r.targetKey(), coerceKey(child.field(r.targetKey()), parentKey));
        Permissions.checkCreate(registry, caller, child, values);
        return values;
    }

    /**
     * Whether a row of the entity can be written together with others in one INSERT: nothing runs between its
     * rows — no state machine (its actions may write) and no before_write rule that loads related records (which
     * would see the siblings written before it).
     */
    static boolean oneStatementEach(Registry registry, EntityDef e) {
        if (!registry.index(StateMachineKind.KIND).of(e.name()).isEmpty()) {
            return false;
        }
        for (RuleDef rule : registry.index(RuleKind.KIND).of(e.name(), Hook.BEFORE_WRITE)) {
            if (!rule.relatedLoad().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /**
     * New children with no nested writes of their own, in ONE statement: each row is checked (permissions, rules)
     * as when written alone, then every row and its audit row is inserted by one INSERT. Should that statement fail
     * (a unique or check violation), the error would not say which row: {@link RowByRow} asks for the whole write
     * again, row by row, so that it does.
     */
    private void insertAll(RowPlan.NestedPlan n, Object parentKey) throws SQLException {
        RelationDef r = n.relation();
        EntityDef child = registry.entity(r.target());
        List<Map<String, Object>> all = new ArrayList<>(n.rows().size());
        for (RowPlan row : n.rows()) {
            try {
                Map<String, Object> values = childValues(n, row, parentKey);
                List<StateMachineEvaluator.Deferred> deferred = hooks.beforeWrite(child, values, null);
                assert deferred.isEmpty() : "no state machine: nothing deferred";
                FileFields.resolve(c, child, values);
                all.add(values);
            } catch (ApiException e) {
                throw withPath(e, r, row.index());
            }
        }
        List<Map<String, Object>> rows;
        try {
            rows = Jdbc.query(c, audit.createdInStatement(child, insertStatement(child, all)));
        } catch (SQLException e) {
            throw new RowByRow(e);
        }
        for (Map<String, Object> row : rows) { // RETURNING gives the rows in the order of VALUES
            audit.createdWritten(child.name(), row.get(child.pkField()), row);
            hooks.written(child, row, null);
        }
    }

    /**
     * A statement that wrote several rows at once failed: the transaction is rolled back and the write is to be made
     * again with one statement per row, whose error names the row ({@link WriteService}).
     */
    static final class RowByRow extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RowByRow(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** one_to_one: at most one live child per parent once everything is written. */
    private void oneToOne(RelationDef r, EntityDef child, FieldDef fk, Object parentKey) throws SQLException {
        if (r.type() == RelationType.ONE_TO_ONE && parentKey != null) {
            SqlFragment.Builder b = SqlFragment.builder().sql("SELECT COUNT(*) FROM ").sql(child.quotedTable())
                    .sql(" t WHERE t.").sql(fk.quoted()).sql(" = ").bind(coerceKey(fk, parentKey));
            if (child.softDelete()) {
                b.sql(" AND ").sql(child.liveCondition("t"));
            }
            if (Jdbc.queryLong(c, b.build()) > 1) {
                throw ApiException.validation("Validation failed", List.of(detail(r, -1, null, "one_to_one",
                        r.name() + " is one_to_one: the record would have more than one " + child.name())));
            }
        }
    }

    private void manyToMany(RowPlan.NestedPlan n, Object parentKey) throws SQLException {
        RelationDef r = n.relation();
        EntityDef target = registry.entity(r.target());
        EntityDef source = registry.entity(r.source());
        String jt = SqlFragment.ident(r.joinTable());
        String sk = SqlFragment.ident(r.sourceJoinKey());
        String tk = SqlFragment.ident(r.targetJoinKey());
        Object skValue = coerceKey(source.field(r.sourceKey()), parentKey);
        WriteMode mode = n.mode();
        Map<String, Object> link = new LinkedHashMap<>();
        Map<String, Object> unlink = new LinkedHashMap<>();
        Map<String, Integer> indexOf = new HashMap<>();
        for (RowPlan row : n.rows()) {
            String id = String.valueOf(row.pk());
            indexOf.putIfAbsent(id, row.index());
            if (row.delete()) {
                if (mode != WriteMode.APPEND) {
                    unlink.put(id, row.pk());
                    link.remove(id);
                }
            } else if (!unlink.containsKey(id)) {
                link.put(id, row.pk());
            }
        }
        if (!link.isEmpty()) {
            // targets must exist (and be live): a link to nothing is refused
            SqlFragment.Builder b = SqlFragment.builder().sql("SELECT t.").sql(target.pk().quoted())
                    .sql(" AS id FROM ").sql(target.quotedTable()).sql(" t WHERE t.").sql(target.pk().quoted())
                    .sql(" = ANY(CAST(").bind(SqlRenderer.textArray(link.keySet())).sql(" AS " + target.pkType().udtName() + "[]))");
            if (target.softDelete()) {
                b.sql(" AND ").sql(target.liveCondition("t"));
            }
            // rows the caller may not read do not exist for them: linking one is "not found", never an oracle
            SqlRenderer renderer = new SqlRenderer(registry);
            for (Condition cond : Permissions.includeScope(registry, caller, target)) {
                b.sql(" AND ");
                renderer.condition(b, cond, "t", target);
            }
            Set<String> found = new HashSet<>();
            for (Map<String, Object> row : Jdbc.query(c, b.build())) {
                found.add(String.valueOf(row.get("id")));
            }
            List<Map<String, Object>> missing = new ArrayList<>();
            for (String id : link.keySet()) {
                if (!found.contains(id)) {
                    missing.add(detail(r, indexOf.get(id), target.pkField(), "exists",
                            target.name() + " with id " + id + " not found"));
                }
            }
            if (!missing.isEmpty()) {
                throw ApiException.validation("Validation failed", missing);
            }
            Jdbc.update(c, SqlFragment.builder().sql("INSERT INTO ").sql(jt).sql(" (").sql(sk).sql(", ").sql(tk)
                    .sql(") SELECT ").bind(skValue).sql(", x FROM unnest(CAST(").bind(SqlRenderer.textArray(link.keySet()))
                    .sql(" AS " + target.pkType().udtName() + "[])) AS x ON CONFLICT DO NOTHING").build());
        }
        if (mode == WriteMode.REPLACE) {
            SqlFragment.Builder b = SqlFragment.builder().sql("DELETE FROM ").sql(jt).sql(" WHERE ").sql(sk)
                    .sql(" = ").bind(skValue);
            if (!link.isEmpty()) {
                b.sql(" AND NOT (").sql(tk).sql(" = ANY(CAST(").bind(SqlRenderer.textArray(link.keySet()))
                        .sql(" AS " + target.pkType().udtName() + "[])))");
            }
            Jdbc.update(c, b.build());
        } else if (!unlink.isEmpty()) {
            Jdbc.update(c, SqlFragment.builder().sql("DELETE FROM ").sql(jt).sql(" WHERE ").sql(sk).sql(" = ")
                    .bind(skValue).sql(" AND ").sql(tk).sql(" = ANY(CAST(").bind(SqlRenderer.textArray(unlink.keySet()))
                    .sql(" AS " + target.pkType().udtName() + "[]))").build());
        }
    }

    /** Parent key values come back from rows as JSON values (UUIDs as text): bind them typed. */
    static Object coerceKey(FieldDef f, Object v) {
        if (v == null) {
            return null;
        }
        try {
            return Values.coerce(f.type(), f.precision(), v);
        } catch (Values.TypeMismatch e) {
            throw new IllegalStateException("key of " + f.name() + " does not fit its type", e);
        }
    }

    private static ApiException foreignRow(RelationDef r, RowPlan row, EntityDef child) {
        return new ApiException(ErrorCode.VALIDATION_FAILED, "Validation failed", List.of(detail(r, row.index(),
                child.pkField(), "not_child", child.name() + " with id " + row.pk() + " is not a current "
                        + r.name() + " of this record")));
    }

    static Map<String, Object> detail(RelationDef r, Integer index, String field, String rule, String message) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("relation", r.name());
        if (index != null && index >= 0) {
            d.put("index", index);
        }
        if (field != null) {
            d.put("field", field);
        }
        if (rule != null) {
            d.put("rule", rule);
        }
        d.put("message", message);
        return d;
    }

    /** Adds the relation/index path to errors raised while writing a child row (deepest path wins). */
    private static ApiException withPath(ApiException e, RelationDef r, int index) {
        if (e.details().isEmpty()) {
            return new ApiException(e.code(), e.getMessage(), List.of(detail(r, index, null, null, e.getMessage())),
                    e.headers(), e);
        }
        List<Map<String, Object>> details = new ArrayList<>();
        for (Map<String, Object> d : e.details()) {
            if (d.containsKey("relation")) {
                details.add(d);
            } else {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("relation", r.name());
                x.put("index", index);
                x.putAll(d);
                details.add(x);
            }
        }
        return new ApiException(e.code(), e.getMessage(), details, e.headers(), e);
    }

    private static ApiException childSqlError(SQLException e, RelationDef r, int index) {
        ApiException t = SqlErrors.translate(e);
        if (t != null && t.code() == ErrorCode.CONFLICT) {
            return new ApiException(ErrorCode.CONFLICT, t.getMessage(), List.of(detail(r, index, null, "unique", t.getMessage())),
                    Map.of(), e);
        }
        if (t != null) {
            return new ApiException(ErrorCode.NESTED_WRITE_FAILED, "Nested write failed",
                    List.of(detail(r, index, null, null, t.getMessage())), Map.of(), e);
        }
        throw new Tx.DatabaseException(e);
    }
}
