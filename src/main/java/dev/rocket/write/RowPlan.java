package dev.rocket.write;

import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.RelationDef;
import dev.rocket.metadata.WriteMode;
import java.util.List;
import java.util.Map;

/**
 * One validated row of a write: coerced field values, the row's primary key when it names an existing
 * row, whether it asks to be deleted, and its own nested writes (depth N).
 */
public record RowPlan(EntityDef entity, Map<String, Object> values, Object pk, boolean delete,
                      List<NestedPlan> nested, int index) {

    /** The nested write of one relation: mode and rows (for many_to_many, rows only carry target ids). */
    public record NestedPlan(RelationDef relation, WriteMode mode, List<RowPlan> rows) {
    }
}
