package dev.rocket.admin;

import dev.rocket.db.Jdbc;
import dev.rocket.db.Rows;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
import dev.rocket.error.ApiException;
import dev.rocket.expr.ExpressionEngine;
import dev.rocket.metadata.DefinitionKind;
import dev.rocket.metadata.Schema;
import dev.rocket.tenancy.AppContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The admin API of one {@link DefinitionKind} (rows keyed by UUID): a body is validated against the app's schema
 * and its expressions compiled before anything is stored (422 otherwise); every change reloads the registry
 * ({@code changed}). All SQL comes from the kind's table and columns.
 */
public final class DefinitionService<D> implements DefinitionStore {
    private final DefinitionKind<D, ?> kind;
    private final ExpressionEngine engine;
    private final Consumer<AppContext> changed;
    private final Consumer<D> check;
    private final String columns;
    private final String missing;

    /**
     * @param changed called after every committed change (reload here, notify other nodes)
     * @param check   admin-only checks beyond the kind's own (e.g. where webhooks may call); throws 422
     */
    public DefinitionService(DefinitionKind<D, ?> kind, ExpressionEngine engine, Consumer<AppContext> changed,
                             Consumer<D> check) {
        this.kind = kind;
        this.engine = engine;
        this.changed = changed;
        this.check = check;
        this.columns = "id, " + String.join(", ", kind.columns()) + ", created_at, updated_at";
        this.missing = kind.noun() + " not found: ";
    }

    public DefinitionService(DefinitionKind<D, ?> kind, ExpressionEngine engine, Consumer<AppContext> changed) {
        this(kind, engine, changed, d -> { });
    }

    public DefinitionKind<D, ?> kind() {
        return kind;
    }

    @Override
    public String path() {
        return kind.path();
    }

    @Override
    public String section() {
        return kind.section();
    }

    @Override
    public String key() {
        return "id";
    }

    @Override
    public List<Map<String, Object>> list(AppContext app) {
        return Tx.autoCommit(app.dataSource(), c -> Jdbc.query(c, SqlFragment.of(
                "SELECT " + columns + " FROM " + kind.table() + " ORDER BY " + kind.order())));
    }

    @Override
    public Map<String, Object> get(AppContext app, String id) {
        return Rows.byId(app.dataSource(), kind.table(), columns, id, missing);
    }

    @Override
    public Map<String, Object> create(AppContext app, Map<String, Object> body) {
        D def = parse(app, body);
        Map<String, Object> row = Tx.inTransaction(app.dataSource(), c -> {
            kind.checkUnique(c, def, null);
            return insert(c, def);
        });
        changed.accept(app);
        return row;
    }

    @Override
    public Map<String, Object> update(AppContext app, String id, Map<String, Object> body) {
        UUID uuid = Rows.requireUuid(id, missing);
        D def = parse(app, body);
        List<Object> binds = new ArrayList<>(kind.row(def));
        binds.add(uuid);
        Map<String, Object> row = Tx.inTransaction(app.dataSource(), c -> {
            kind.checkUnique(c, def, uuid);
            return Jdbc.queryOne(c, SqlFragment.of("UPDATE " + kind.table() + " SET "
                    + String.join(" = ?, ", kind.columns()) + " = ?, updated_at = NOW() WHERE id = ? RETURNING " + columns,
                    binds));
        });
        if (row == null) {
            throw ApiException.notFound(missing + id);
        }
        changed.accept(app);
        return row;
    }

    @Override
    public void delete(AppContext app, String id) {
        Rows.deleteById(app.dataSource(), kind.table(), id, missing);
        changed.accept(app);
    }

    @Override
    public List<?> export(Connection c) throws SQLException {
        return Jdbc.query(c, SqlFragment.of("SELECT " + String.join(", ", kind.columns()) + " FROM " + kind.table()
                + " ORDER BY " + kind.order()));
    }

    @Override
    public boolean importItem(Connection c, Map<String, Object> item) throws SQLException {
        Schema schema = Schema.load(c);
        kind.checkKeys(item);
        D def = kind.parse(item, schema, engine);
        if (kind.exists(c, def, schema)) {
            return false;
        }
        insert(c, def);
        return true;
    }

    @Override
    public String singular() {
        return kind.singular();
    }

    @Override
    public String name(Map<String, Object> item) {
        return kind.name(item);
    }

    private D parse(AppContext app, Map<String, Object> body) {
        kind.checkKeys(body);
        D def = kind.parse(body, app.registry(), engine);
        check.accept(def);
        return def;
    }

    /** Stores a validated definition on the caller's transaction; the stored row. */
    private Map<String, Object> insert(Connection c, D def) throws SQLException {
        return Jdbc.queryOne(c, SqlFragment.of("INSERT INTO " + kind.table() + " (" + String.join(", ", kind.columns())
                + ") VALUES (" + String.join(", ", Collections.nCopies(kind.columns().size(), "?")) + ") RETURNING "
                + columns, kind.row(def)));
    }
}
