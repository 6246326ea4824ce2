package dev.rocket.query;

import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import dev.rocket.metadata.EntityDef;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A sparse fieldset ({@code fields=name,price,tags.label}): which keys of each record are returned. A name
 * without a dot is a field of the listed entity; {@code include.field} a field of an included relation's
 * records. A level without any name keeps all its fields; an included relation's key always stays in its
 * parent record. Rows are read whole (includes are linked and cursors built from them) and cut to the
 * fieldset just before they are answered.
 */
public final class Projection {
    public static final Projection ALL = new Projection(null, Map.of());

    private final Set<String> top;
    private final Map<String, Set<String>> nested;

    private Projection(Set<String> top, Map<String, Set<String>> nested) {
        this.top = top;
        this.nested = nested;
    }

    /** Resolves {@code names} against the entity and its includes; an unknown name is 400 {@code UNKNOWN_FIELD}. */
    public static Projection of(EntityDef e, List<ReadPlan.Include> includes, List<String> names,
                                Function<String, EntityDef> entityOf) {
        if (names.isEmpty()) {
            return ALL;
        }
        Map<String, ReadPlan.Include> byKey = new HashMap<>();
        for (ReadPlan.Include inc : includes) {
            byKey.put(inc.key(), inc);
        }
        Set<String> top = null;
        Map<String, Set<String>> nested = new HashMap<>();
        for (String n : names) {
            int dot = n.indexOf('.');
            if (dot < 0) {
                if (!known(e, n) && !byKey.containsKey(n)) {
                    throw new ApiException(ErrorCode.UNKNOWN_FIELD, "Unknown field in fields: " + shorten(n)
                            + " (not a field of " + e.name() + " nor an included relation)");
                }
                if (top == null) {
                    top = new LinkedHashSet<>();
                }
                top.add(n);
                continue;
            }
            String rel = n.substring(0, dot);
            String field = n.substring(dot + 1);
            ReadPlan.Include inc = byKey.get(rel);
            if (inc == null) {
                throw new ApiException(ErrorCode.UNKNOWN_FIELD, "Unknown field in fields: " + shorten(n) + " ("
                        + shorten(rel) + " is not an included relation; add include=" + shorten(rel) + ")");
            }
            EntityDef other = entityOf.apply(inc.link().otherEntity());
            if (other == null || !known(other, field)) {
                throw new ApiException(ErrorCode.UNKNOWN_FIELD, "Unknown field in fields: " + shorten(n)
                        + " (not a field of " + inc.link().otherEntity() + ")");
            }
            nested.computeIfAbsent(rel, k -> new LinkedHashSet<>()).add(field);
        }
        if (top != null) {
            top.addAll(byKey.keySet()); // an include asked for is always answered
        }
        return new Projection(top, nested);
    }

    private static boolean known(EntityDef e, String name) {
        return e.field(name) != null || (e.softDelete() && name.equals("deleted_at"));
    }

    private static String shorten(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "…" : s;
    }

    public boolean isAll() {
        return top == null && nested.isEmpty();
    }

    /** Cuts every row (and its included records) to the fieldset, in place. */
    @SuppressWarnings("unchecked")
    public void apply(List<Map<String, Object>> rows) {
        if (isAll()) {
            return;
        }
        for (Map<String, Object> row : rows) {
            if (top != null) {
                row.keySet().retainAll(top);
            }
            for (Map.Entry<String, Set<String>> n : nested.entrySet()) {
                Object v = row.get(n.getKey());
                if (v instanceof Map<?, ?> one) {
                    ((Map<String, Object>) one).keySet().retainAll(n.getValue());
                } else if (v instanceof List<?> many) {
                    for (Object o : many) {
                        if (o instanceof Map<?, ?> m) {
                            ((Map<String, Object>) m).keySet().retainAll(n.getValue());
                        }
                    }
                }
            }
        }
    }
}
