package dev.rocket.query;

import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.Registry;

/** A resolved WHERE condition of a read plan. */
public sealed interface Condition {

    /** {@code field op value} on the plan's own table (alias t) or, inside EXISTS, on the related table. */
    record FieldCondition(FieldDef field, Op op, Object value) implements Condition {
    }

    /** {@code EXISTS (…)} on a related entity's field (SPEC G-16). */
    record Exists(Registry.Link link, FieldCondition inner) implements Condition {
    }

    /** A condition built elsewhere (e.g. row-level permissions), on alias t. */
    record Raw(dev.rocket.db.SqlFragment sql) implements Condition {
    }
}
