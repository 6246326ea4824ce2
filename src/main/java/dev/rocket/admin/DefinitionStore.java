package dev.rocket.admin;

import dev.rocket.tenancy.AppContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The admin API, export and import of one definition kind ({@code /_admin/{path}[/{key}]}): every answer about one
 * item (GET, POST, PUT) is its stored row, the same shape. {@link DefinitionService} serves the kinds of
 * {@link dev.rocket.metadata.DefinitionKind}; entities and relations have their own, as they change tables.
 */
public interface DefinitionStore {
    /** The admin path segment, e.g. {@code state-machines}. */
    String path();

    /** The export section and import summary key, e.g. {@code state_machines}. */
    String section();

    /** What names an item in the URL and in the DELETE answer: {@code id} or {@code name}. */
    String key();

    List<Map<String, Object>> list(AppContext app);

    /** The stored row, or 404. */
    Map<String, Object> get(AppContext app, String key);

    /** Validates (422) and stores the body; the stored row. */
    Map<String, Object> create(AppContext app, Map<String, Object> body);

    /** Validates (422) and replaces the item (404 when there is none); the stored row. */
    Map<String, Object> update(AppContext app, String key, Map<String, Object> body);

    void delete(AppContext app, String key);

    /** The stored items for an export document: no ids, no timestamps, in list order. */
    List<?> export(Connection c) throws SQLException;

    /**
     * Stores one import item on the import's transaction (validated against the schema as it is at that point);
     * false when an equal item is there already.
     */
    boolean importItem(Connection c, Map<String, Object> item) throws SQLException;

    /** How import errors name one item, before its {@link #name}, e.g. {@code state_machine}. */
    String singular();

    /** What names an import item in its error and in a dry run's lists, e.g. {@code invoice.status}. */
    String name(Map<String, Object> item);
}
