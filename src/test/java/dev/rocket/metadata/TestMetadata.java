package dev.rocket.metadata;

import dev.rocket.permission.PolicyKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builders for entity / relation / policy definitions as the admin API receives them (JSON maps), and a
 * small "shop" registry shared by the planner, renderer, writer and permission tests.
 */
public final class TestMetadata {
    private TestMetadata() {
    }

    /** An ordered map from key/value pairs; values may be null. */
    public static Map<String, Object> map(Object... kv) {
        if (kv.length % 2 != 0) {
            throw new IllegalArgumentException("key/value pairs expected");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A mutable list that may hold nulls. */
    public static List<Object> list(Object... items) {
        return new ArrayList<>(Arrays.asList(items));
    }

    public static Map<String, Object> field(String name, String type, Object... kv) {
        Map<String, Object> f = map("name", name, "type", type);
        f.putAll(map(kv));
        return f;
    }

    public static Map<String, Object> pk(String field, String type, boolean generated) {
        return map("field", field, "type", type, "generated", generated);
    }

    @SafeVarargs
    public static Map<String, Object> entity(String name, String table, Boolean softDelete, Map<String, Object> pk,
                                             Map<String, Object>... fields) {
        Map<String, Object> e = map("name", name, "table", table);
        if (softDelete != null) {
            e.put("soft_delete", softDelete);
        }
        e.put("primary_key", pk);
        e.put("fields", new ArrayList<>(Arrays.asList(fields)));
        return e;
    }

    public static Map<String, Object> relation(String name, String type, String source, String target, Object... kv) {
        Map<String, Object> r = map("name", name, "type", type, "source", source, "target", target);
        r.putAll(map(kv));
        return r;
    }

    /** Relations are parsed against the entities, policies against entities + relations (as Registry.load does). */
    public static Registry registry(List<EntityDef> entities, List<Map<String, Object>> relations,
                                    List<Map<String, Object>> policies) {
        Map<String, EntityDef> es = new LinkedHashMap<>();
        for (EntityDef e : entities) {
            es.put(e.name(), e);
        }
        Registry entitiesOnly = new Registry(es, Map.of());
        Map<String, RelationDef> rs = new LinkedHashMap<>();
        for (Map<String, Object> r : relations) {
            RelationDef d = RelationParser.parse(r, entitiesOnly);
            rs.put(d.name(), d);
        }
        Registry withRelations = new Registry(es, rs);
        List<Policy> ps = new ArrayList<>();
        for (Map<String, Object> p : policies) {
            ps.add(Policy.parse(p, withRelations));
        }
        return Registry.of(new Schema(es, rs)).with(PolicyKind.KIND, ps).build();
    }

    // ---- the shop fixture ------------------------------------------------------------------------

    public static EntityDef customer() {
        return EntityParser.parse(entity("customer", "customers", false, pk("id", "uuid", true),
                field("id", "uuid"),
                field("name", "string", "required", true),
                field("email", "string", "unique", true)));
    }

    /** Soft delete by default (no soft_delete key). */
    public static EntityDef order() {
        return EntityParser.parse(entity("order", "orders", null, pk("id", "uuid", true),
                field("id", "uuid"),
                field("ref", "string", "required", true, "unique", true),
                field("state", "string", "default", "open", "enum", List.of("open", "held", "done")),
                field("qty", "int"),
                field("customer_id", "uuid"),
                field("created_at", "timestamp", "auto", "create")));
    }

    public static EntityDef orderLine() {
        return EntityParser.parse(entity("order_line", "order_lines", true, pk("id", "int", true),
                field("id", "int"),
                field("order_id", "uuid", "required", true),
                field("sku", "string", "required", true),
                field("qty", "int", "required", true)));
    }

    /** String primary key supplied by the client. */
    public static EntityDef tag() {
        return EntityParser.parse(entity("tag", "tags", false, pk("code", "string", false),
                field("code", "string"),
                field("label", "string")));
    }

    public static EntityDef profile() {
        return EntityParser.parse(entity("profile", "profiles", false, pk("id", "uuid", true),
                field("id", "uuid"),
                field("customer_id", "uuid"),
                field("bio", "string")));
    }

    /** One field of every type, hard delete, generated bigint key. */
    public static EntityDef item() {
        return EntityParser.parse(entity("item", "items", false, pk("id", "bigint", true),
                field("id", "bigint"),
                field("name", "string"),
                field("qty", "int"),
                field("big", "bigint"),
                field("price", "decimal", "precision", 2),
                field("active", "boolean"),
                field("ext", "uuid"),
                field("seen_at", "timestamp"),
                field("day", "date"),
                field("meta", "json"),
                field("body", "text")));
    }

    public static List<EntityDef> shopEntities() {
        return List.of(customer(), order(), orderLine(), tag(), profile(), item());
    }

    public static List<Map<String, Object>> shopRelations() {
        return List.of(
                relation("lines", "one_to_many", "order", "order_line", "source_key", "id", "target_key", "order_id",
                        "on_delete", "cascade"),
                relation("customer_orders", "one_to_many", "customer", "order", "source_key", "id",
                        "target_key", "customer_id", "on_delete", "set_null"),
                relation("tags", "many_to_many", "order", "tag", "source_key", "id", "join_table", "order_tags",
                        "source_join_key", "order_id", "target_join_key", "tag_code", "on_delete", "detach",
                        "write_mode", "append"),
                relation("profile", "one_to_one", "customer", "profile", "source_key", "id", "target_key", "customer_id",
                        "on_delete", "cascade"));
    }

    public static Registry shop() {
        return registry(shopEntities(), shopRelations(), List.of());
    }

    public static Registry shop(List<Map<String, Object>> policies) {
        return registry(shopEntities(), shopRelations(), policies);
    }
}
