package dev.rocket.query;

import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.Registry;
import dev.rocket.request.ReadRequest;
import java.util.List;

/**
 * A fully resolved read: every name checked against the registry; rendering needs nothing else.
 * {@code after} holds the values of the order keys of the row a keyset page continues after (null: an
 * offset page; empty: the first keyset page); {@code projection} the sparse fieldset ({@link Projection#ALL} when none was asked for).
 */
public record ReadPlan(EntityDef entity, List<Condition> conditions, List<Order> order, int page, int perPage,
                       List<Include> includes, ReadRequest.CountMode count, List<Object> after, Projection projection) {

    public ReadPlan(EntityDef entity, List<Condition> conditions, List<Order> order, int page, int perPage,
                    List<Include> includes) {
        this(entity, conditions, order, page, perPage, includes, ReadRequest.CountMode.EXACT, null, Projection.ALL);
    }

    public record Order(FieldDef field, boolean descending) {
    }

    /** An include as written ({@code key}) and the relation it resolved to. */
    public record Include(String key, Registry.Link link) {
    }

    public long offset() {
        return after != null ? 0 : (long) (page - 1) * perPage;
    }
}
