package dev.rocket.query;

import dev.rocket.metadata.Op;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.Registry;
import java.util.List;

/** A resolved WHERE condition of a read plan. */
public sealed interface Condition {

    /** {@code field op value} on the plan's own table (alias t) or, inside EXISTS, on the related table. */
    record FieldCondition(FieldDef field, Op op, Object value, boolean asText) implements Condition {
        public FieldCondition(FieldDef field, Op op, Object value) {
            this(field, op, value, false);
        }
    }

    /** {@code EXISTS (…)} on a related entity's field (docs/query.md#filtering-on-related-records); {@code scope} = the reader's conditions on it. */
    record Exists(Registry.Link link, FieldCondition inner, List<Condition> scope) implements Condition {
    }

    /** OR of AND-groups (permission policies); an empty list of groups matches nothing. */
    record AnyOf(List<List<FieldCondition>> groups) implements Condition {
    }
}
