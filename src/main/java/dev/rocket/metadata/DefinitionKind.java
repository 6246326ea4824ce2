package dev.rocket.metadata;

import dev.rocket.expr.ExpressionEngine;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One kind of definition an app stores beside its entities and relations (rules, state machines, permission
 * policies, webhooks, workflows): its table, how a body is validated against the {@link Schema}, how it is stored,
 * what the registry keeps of it, how it is exported and recognised on import. One instance per kind, registered by
 * the composition root; the admin API, the registry, export and import work from these alone.
 *
 * @param <D> the parsed definition
 * @param <I> the per-app lookup the registry keeps (e.g. rules by entity and hook)
 */
public interface DefinitionKind<D, I> {
    /** The admin path segment, e.g. {@code state-machines}. */
    String path();

    /** The key of its section in an export document and of its count in an import summary, e.g. {@code state_machines}. */
    String section();

    /** How one item is named in import errors, e.g. {@code state_machine}. */
    String singular();

    /** How one item is named in messages, e.g. {@code State machine} ("State machine not found: …"). */
    String noun();

    /** The system table; every row has a UUID {@code id}, {@code created_at} and {@code updated_at}. */
    String table();

    /** The stored columns besides id and timestamps, in order: what {@link #row} gives and an export holds. */
    List<String> columns();

    /** ORDER BY of lists, loading and export. */
    String order();

    /** An admin or import body → the definition, validated against the schema (422, one detail per problem). */
    D parse(Map<String, Object> body, Schema schema, ExpressionEngine engine);

    /**
     * Strict check of an admin or imported body before it is parsed: unknown keys → 422 naming them and the allowed
     * ones. Not applied to stored rows when the registry is loaded, so definitions stored earlier keep working.
     */
    void checkKeys(Map<String, Object> body);

    /** A stored row → the definition, when the registry is loaded; by default parsed like a body. */
    default D load(Map<String, Object> row, Schema schema, ExpressionEngine engine) {
        return parse(row, schema, engine);
    }

    /** The values of {@link #columns()} for a definition, JSON values wrapped ({@code Jdbc.JsonValue}). */
    List<Object> row(D def);

    /** What the registry keeps for the app, built from every stored definition that loads. */
    I index(List<D> defs);

    /** Refuses a definition that clashes with a stored one (409), inside the write; {@code self} is null on create. */
    default void checkUnique(Connection c, D def, UUID self) throws SQLException {
    }

    /** An import item equal to a stored one (or with its natural key) is skipped, so a re-import changes nothing. */
    boolean exists(Connection c, D def, Schema schema) throws SQLException;

    /** What names an item of an import document in its error (after {@link #singular()}) and in a dry run's lists, e.g. {@code invoice.status}. */
    String name(Map<String, Object> item);
}
