package dev.rocket.query;

import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.Registry;
import java.util.List;

/** A fully resolved read: every name checked against the registry; rendering needs nothing else. */
public record ReadPlan(EntityDef entity, List<Condition> conditions, List<Order> order, int page, int perPage,
                       List<Include> includes) {

    public record Order(FieldDef field, boolean descending) {
    }

    /** An include as written ({@code key}) and the relation it resolved to. */
    public record Include(String key, Registry.Link link) {
    }

    public long offset() {
        return (long) (page - 1) * perPage;
    }
}
