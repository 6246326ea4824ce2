package dev.rocket.it.support;

import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API of one app as one caller sees it: short paths ({@code "orders?include=lines"} means
 * {@code api/{app}/orders?include=lines}), metadata helpers that assert success, and small builders for
 * entity and relation definitions. Every response it receives is kept (see {@link #seen()}) so that tests
 * can check that no answer ever carried a secret.
 */
public final class AppClient {
    private final Http http;
    private final String app;
    private final String token;
    private final List<Http.Res> seen;

    public AppClient(Http http, String app, String token) {
        this(http, app, token, Collections.synchronizedList(new ArrayList<>()));
    }

    private AppClient(Http http, String app, String token, List<Http.Res> seen) {
        this.http = http;
        this.app = app;
        this.token = token;
        this.seen = seen;
    }

    /** The same app seen by another caller (same response log). */
    public AppClient as(String otherToken) {
        return new AppClient(http, app, otherToken, seen);
    }

    public String app() {
        return app;
    }

    public String token() {
        return token;
    }

    public Http http() {
        return http;
    }

    /** Every response received through this client and the ones made with {@link #as}. */
    public List<Http.Res> seen() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    public String path(String rest) {
        return "api/" + app + "/" + rest;
    }

    /**
     * The request target: the path with {@code [} and {@code ]} percent-encoded, as a browser or an HTTP library
     * sends them ({@code filter[qty.gt]=1}); a Tomcat connector without {@code relaxedQueryChars="[]"} (such as
     * the embedded one of these tests) refuses them raw.
     */
    public String target(String rest) {
        return path(rest).replace("[", "%5B").replace("]", "%5D");
    }

    private Http.Res keep(Http.Res r) {
        seen.add(r);
        return r;
    }

    // ---------------------------------------------------------------- raw calls (no assertion)

    public Http.Res get(String rest) {
        return keep(http.get(target(rest), token));
    }

    public Http.Res post(String rest, Object body) {
        return keep(http.post(target(rest), token, body));
    }

    public Http.Res put(String rest, Object body) {
        return keep(http.put(target(rest), token, body));
    }

    public Http.Res delete(String rest) {
        return keep(http.delete(target(rest), token));
    }

    // ---------------------------------------------------------------- asserted calls

    /** POST /{entity} → 201; returns {@code data}. */
    public JsonNode create(String entity, Object body) {
        return assertStatus(post(entity, body), 201).data();
    }

    /** PUT /{entity}/{id} → 200; returns {@code data}. */
    public JsonNode update(String entity, Object id, Object body) {
        return assertStatus(put(entity + "/" + id, body), 200).data();
    }

    /** GET /{entity}/{id} → 200; returns {@code data}. */
    public JsonNode read(String entity, Object id) {
        return assertStatus(get(entity + "/" + id), 200).data();
    }

    /** GET /{entity}?{query} → 200; returns the whole body (data + meta). */
    public JsonNode list(String entity, String query) {
        return assertStatus(get(entity + (query == null || query.isEmpty() ? "" : "?" + query)), 200).json();
    }

    /** {@code meta.total} of GET /{entity}?{query}. */
    public long total(String entity, String query) {
        JsonNode body = list(entity, (query == null || query.isEmpty() ? "" : query + "&") + "per_page=1");
        return body.path("meta").path("total").asLong(-1);
    }

    public long count(String entity) {
        return total(entity, null);
    }

    /** The values of {@code field} of every row of a list answer, in order. */
    public static List<String> column(JsonNode listBody, String field) {
        List<String> out = new ArrayList<>();
        JsonNode rows = listBody.has("data") ? listBody.get("data") : listBody;
        rows.forEach(r -> out.add(r.path(field).isNull() ? null : r.path(field).asText()));
        return out;
    }

    public JsonNode entity(Map<String, Object> def) {
        return assertStatus(post("_admin/entities", def), 201).data();
    }

    public JsonNode relation(Map<String, Object> def) {
        return assertStatus(post("_admin/relations", def), 201).data();
    }

    public JsonNode rule(Map<String, Object> def) {
        return assertStatus(post("_admin/rules", def), 201).data();
    }

    public JsonNode stateMachine(Map<String, Object> def) {
        return assertStatus(post("_admin/state-machines", def), 201).data();
    }

    public JsonNode permission(String entity, String action, List<String> roles, List<?> conditions) {
        return assertStatus(post("_admin/permissions",
                map("entity", entity, "action", action, "roles", roles, "conditions", conditions)), 201).data();
    }

    /** Creates a user with these roles; returns its id. */
    public String user(String email, String password, List<String> roles) {
        return assertStatus(post("_admin/users", map("email", email, "password", password, "roles", roles)), 201)
                .data().path("id").asText();
    }

    /** Logs a user in; returns the access token. */
    public String login(String email, String password) {
        Http.Res r = keep(http.post("api/" + app + "/auth/login", null, map("email", email, "password", password)));
        assertStatus(r, 200);
        return r.data().path("access_token").asText();
    }

    /** Audit rows (newest first) matching the query, e.g. {@code "entity=order&action=create"}; up to 100. */
    public JsonNode audit(String query) {
        return assertStatus(get("_admin/audit-log?per_page=100" + (query == null || query.isEmpty() ? "" : "&" + query)), 200)
                .json();
    }

    public long auditTotal(String query) {
        return audit(query).path("meta").path("total").asLong(-1);
    }

    // ---------------------------------------------------------------- builders

    /** An ordered map that accepts null values: {@code map("a", 1, "b", null)}. */
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

    /** A field: {@code field("qty", "int", "required", true)}. */
    public static Map<String, Object> field(String name, String type, Object... props) {
        Map<String, Object> f = map("name", name, "type", type);
        f.putAll(map(props));
        return f;
    }

    /**
     * An entity whose table is named like it, with a primary key {@code id} of {@code pkType} (generated
     * unless it is a string key), soft delete as given, and the fields after the key.
     */
    @SafeVarargs
    public static Map<String, Object> entityDef(String name, String pkType, boolean softDelete, Map<String, Object>... fields) {
        List<Object> all = new ArrayList<>();
        all.add(field("id", pkType));
        all.addAll(List.of(fields));
        return map("name", name, "table", name, "soft_delete", softDelete,
                "primary_key", map("field", "id", "type", pkType, "generated", !"string".equals(pkType)),
                "fields", all);
    }

    /** A one_to_many or one_to_one relation from {@code source.id} to {@code target.fk}. */
    public static Map<String, Object> fkRelation(String name, String type, String source, String target, String fk,
                                                 String onDelete) {
        return map("name", name, "type", type, "source", source, "target", target, "source_key", "id",
                "target_key", fk, "ownership", "source", "on_delete", onDelete);
    }

    public static Map<String, Object> m2mRelation(String name, String source, String target, String joinTable,
                                                  String onDelete) {
        return map("name", name, "type", "many_to_many", "source", source, "target", target, "source_key", "id",
                "target_key", "id", "join_table", joinTable, "source_join_key", source + "_id",
                "target_join_key", target + "_id", "ownership", "none", "on_delete", onDelete);
    }

    /** A nested-write value: {@code {"_write_mode": mode, "data": rows}} (mode may be null = relation default). */
    public static Map<String, Object> nested(String mode, Object... rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (mode != null) {
            m.put("_write_mode", mode);
        }
        m.put("data", List.of(rows));
        return m;
    }

    /** URL-encodes a query value (UTF-8, spaces as %20). */
    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Asserts that a list answer holds exactly these values of {@code field}, in any order. */
    public static void assertRows(JsonNode listBody, String field, String... values) {
        assertThat(column(listBody, field)).as("%s of %s", field, listBody).containsExactlyInAnyOrder(values);
    }
}
