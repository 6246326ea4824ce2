package dev.rocket.query;

import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.Op;
import dev.rocket.metadata.Schema;
import dev.rocket.metadata.Values;
import dev.rocket.request.ReadRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** {@link ReadRequest} + registry → {@link ReadPlan}: resolves every name and parses every value by its field type. */
public final class QueryPlanner {
    private static final int MAX_LIST_VALUES = 1000;

    private QueryPlanner() {
    }

    /**
     * @param extra conditions on the entity itself (the reader's row-level scope)
     * @param scope the reader's conditions on a related entity, for filters through relations
     */
    public static ReadPlan plan(Schema reg, EntityDef e, ReadRequest req, List<Condition> extra,
                                Function<EntityDef, List<Condition>> scope) {
        List<Condition> conds = new ArrayList<>();
        for (ReadRequest.FilterParam f : req.filters()) {
            conds.add(filter(reg, e, f, scope));
        }
        conds.addAll(extra);
        List<ReadPlan.Order> order = new ArrayList<>();
        boolean hasPk = false;
        for (ReadRequest.SortKey k : req.sort()) {
            FieldDef f = e.field(k.field());
            if (f == null) {
                throw new ApiException(ErrorCode.UNKNOWN_FIELD, "Unknown sort field: " + k.field());
            }
            hasPk |= f.name().equals(e.pkField());
            order.add(new ReadPlan.Order(f, k.descending()));
        }
        if (!hasPk) {
            order.add(new ReadPlan.Order(e.pk(), false)); // stable pages
        }
        List<ReadPlan.Include> includes = includes(reg, e, req.include());
        List<Object> after = req.after() == null ? null
                : req.after().isEmpty() ? List.of() : Cursor.decode(req.after(), order);
        return new ReadPlan(e, conds, order, after == null ? req.page() : 1, req.perPage(), includes, req.count(), after,
                projection(reg, e, includes, req.fields()));
    }

    /** The sparse fieldset {@code fields} over the entity and its includes (400 UNKNOWN_FIELD for unknown names). */
    public static Projection projection(Schema reg, EntityDef e, List<ReadPlan.Include> includes, List<String> fields) {
        return Projection.of(e, includes, fields, reg::entity);
    }

    /** Includes as requested plus every eager relation (docs/query.md#includes); unknown → 400 UNKNOWN_FIELD. */
    public static List<ReadPlan.Include> includes(Schema reg, EntityDef e, List<String> names) {
        Map<String, ReadPlan.Include> out = new LinkedHashMap<>();
        for (String n : names) {
            Schema.Link link = reg.resolve(e.name(), n);
            if (link == null || reg.entity(link.otherEntity()) == null) {
                throw new ApiException(ErrorCode.UNKNOWN_FIELD, "Unknown include: " + n);
            }
            out.put(n, new ReadPlan.Include(n, link));
        }
        for (var r : reg.relationsFrom(e.name())) {
            if (r.eager() && !out.containsKey(r.name()) && reg.entity(r.target()) != null) {
                out.put(r.name(), new ReadPlan.Include(r.name(), new Schema.Link(r, true)));
            }
        }
        return List.copyOf(out.values());
    }

    static Condition filter(Schema reg, EntityDef e, ReadRequest.FilterParam p,
                            Function<EntityDef, List<Condition>> scope) {
        String path = p.path();
        int dot = path.indexOf('.');
        String head = dot < 0 ? path : path.substring(0, dot);
        String rest = dot < 0 ? null : path.substring(dot + 1);
        FieldDef f = e.field(head);
        if (f != null) {
            Op op = rest == null ? Op.EQ : Op.parse(rest);
            if (op == null) {
                throw new ApiException(ErrorCode.UNKNOWN_FIELD, "Unknown filter operator: " + rest);
            }
            return fieldCondition(f, op, p.value());
        }
        Schema.Link link = rest == null ? null : reg.resolve(e.name(), head);
        EntityDef other = link == null ? null : reg.entity(link.otherEntity());
        if (other == null) {
            throw new ApiException(ErrorCode.UNKNOWN_FIELD, "Unknown filter field: " + head);
        }
        int dot2 = rest.indexOf('.');
        String fieldName = dot2 < 0 ? rest : rest.substring(0, dot2);
        FieldDef rf = other.field(fieldName);
        if (rf == null) {
            throw new ApiException(ErrorCode.UNKNOWN_FIELD, "Unknown filter field: " + head + "." + fieldName);
        }
        Op op = dot2 < 0 ? Op.EQ : Op.parse(rest.substring(dot2 + 1));
        if (op == null) {
            throw new ApiException(ErrorCode.UNKNOWN_FIELD, "Unknown filter operator: " + rest.substring(dot2 + 1));
        }
        return new Condition.Exists(link, fieldCondition(rf, op, p.value()), scope.apply(other));
    }

    static Condition.FieldCondition fieldCondition(FieldDef f, Op op, String raw) {
        try {
            if (op.isList()) {
                List<Object> values = new ArrayList<>();
                for (String part : raw.split(",", -1)) {
                    if (values.size() >= MAX_LIST_VALUES) {
                        throw ApiException.badPayload("Too many values for " + f.name() + " (at most " + MAX_LIST_VALUES + ")");
                    }
                    values.add(Values.parseText(f.type(), f.precision(), part.trim()));
                }
                return new Condition.FieldCondition(f, op, values);
            }
            if (op == Op.LIKE || f.type().isJson()) {
                if (raw.indexOf('\u0000') >= 0) {
                    throw ApiException.badPayload("Invalid value for filter on " + f.name() + ": must not contain NUL characters");
                }
                return new Condition.FieldCondition(f, op, raw);
            }
            return new Condition.FieldCondition(f, op, Values.parseText(f.type(), f.precision(), raw));
        } catch (Values.TypeMismatch e) {
            throw ApiException.badPayload("Invalid value for filter on " + f.name() + ": " + e.getMessage());
        }
    }
}
