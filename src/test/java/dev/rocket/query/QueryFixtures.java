package dev.rocket.query;

import dev.rocket.db.Jdbc;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.Registry;
import dev.rocket.request.ReadRequest;
import dev.rocket.request.RequestParser;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Query-string → plan helpers and a comparable form of array binds. */
final class QueryFixtures {
    private QueryFixtures() {
    }

    /** {@link Jdbc.SqlArray} holds an Object[] (identity equality): this is its comparable form. */
    record Arr(String elementType, List<Object> values) {
        static Arr text(Object... values) {
            return new Arr("text", Arrays.asList(values));
        }
    }

    static List<Object> binds(List<Object> binds) {
        List<Object> out = new ArrayList<>();
        for (Object b : binds) {
            out.add(b instanceof Jdbc.SqlArray a ? new Arr(a.elementType(), Arrays.asList(a.values())) : b);
        }
        return out;
    }

    static ReadRequest request(String... kv) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.computeIfAbsent(kv[i], k -> new ArrayList<>()).add(kv[i + 1]);
        }
        return RequestParser.parse(m);
    }

    static ReadPlan plan(Registry reg, String entity, String... kv) {
        return plan(reg, entity, List.of(), e -> List.of(), kv);
    }

    static ReadPlan plan(Registry reg, String entity, List<Condition> extra, Function<EntityDef, List<Condition>> scope,
                         String... kv) {
        return QueryPlanner.plan(reg, reg.entity(entity), request(kv), extra, scope);
    }
}
