package dev.rocket.it;

import static dev.rocket.it.support.ApiAssertions.assertError;
import static dev.rocket.it.support.ApiAssertions.assertStatus;
import static dev.rocket.it.support.AppClient.entityDef;
import static dev.rocket.it.support.AppClient.field;
import static dev.rocket.it.support.AppClient.fkRelation;
import static dev.rocket.it.support.AppClient.map;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rocket.it.support.AppClient;
import dev.rocket.it.support.Http;
import dev.rocket.it.support.RocketItBase;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code GET /api/{app}/_openapi} and {@code /_docs} (docs/openapi.md): valid OpenAPI 3.1 for every entity shape. */
class OpenApiIT extends RocketItBase {

    /** Parses the document with swagger-parser (OpenAPI 3.1) and fails on any message it reports. */
    static OpenAPI validate(JsonNode doc) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(doc.toString(), null, options);
        assertThat(result.getMessages()).as("OpenAPI parser messages").isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getSpecVersion()).isEqualTo(io.swagger.v3.oas.models.SpecVersion.V31);
        return result.getOpenAPI();
    }

    /** The component schema {@code name} of the document as a standalone JSON Schema 2020-12. */
    static Schema schema(JsonNode doc, String name) {
        ObjectNode root = Http.JSON.createObjectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$ref", "#/$defs/" + name);
        String defs = doc.at("/components/schemas").toString().replace("#/components/schemas/", "#/$defs/");
        try {
            root.set("$defs", Http.JSON.readTree(defs));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(root.toString(), InputFormat.JSON);
    }

    static List<String> problems(Schema schema, Object value) {
        List<String> out = new ArrayList<>();
        schema.validate(Http.write(value), InputFormat.JSON).forEach(e -> out.add(e.toString()));
        return out;
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isNull() ? null : n.asText()));
        return out;
    }

    /** Every field type, generated uuid/int/bigint keys, a string key named other than id, all relation types. */
    private AppClient shop() {
        String app = newApp();
        AppClient a = new AppClient(http, app, appAdminToken(app));
        a.entity(entityDef("customer", "uuid", true,
                field("name", "string", "required", true, "unique", true),
                field("email", "string", "nullable", true),
                field("tier", "string", "enum", List.of("gold", "silver"), "default", "silver"),
                field("notes", "text"), field("age", "int"), field("points", "bigint"),
                field("balance", "decimal", "precision", 2), field("active", "boolean", "default", true),
                field("born", "date"), field("prefs", "json"), field("avatar", "file"), field("ext", "uuid"),
                field("created_at", "timestamp", "auto", "create"), field("updated_at", "timestamp", "auto", "update")));
        a.entity(entityDef("order", "int", false,
                field("customer_id", "uuid", "required", true),
                field("state", "string", "required", true, "enum", List.of("open", "paid")),
                field("total", "decimal", "index", true)));
        a.entity(entityDef("line", "bigint", true,
                field("order_id", "int", "required", true), field("sku", "string", "required", true),
                field("qty", "int", "required", true)));
        a.entity(entityDef("profile", "uuid", false, field("customer_id", "uuid"), field("bio", "text")));
        a.entity(map("name", "tag", "table", "tags", "soft_delete", false,
                "primary_key", map("field", "code", "type", "string", "generated", false),
                "fields", List.of(field("code", "string", "required", true), field("label", "string"))));
        a.relation(fkRelation("orders", "one_to_many", "customer", "order", "customer_id", "restrict"));
        a.relation(fkRelation("lines", "one_to_many", "order", "line", "order_id", "cascade"));
        a.relation(fkRelation("profile", "one_to_one", "customer", "profile", "customer_id", "set_null"));
        a.relation(map("name", "tags", "type", "many_to_many", "source", "order", "target", "tag", "source_key", "id",
                "target_key", "code", "join_table", "order_tags", "source_join_key", "order_id",
                "target_join_key", "tag_code", "ownership", "none", "on_delete", "detach", "write_mode", "replace"));
        return a;
    }

    @Test
    void adminDocumentIsValidAndDescribesEveryShape() {
        AppClient a = shop();
        JsonNode doc = assertStatus(a.get("_openapi"), 200).json();
        OpenAPI api = validate(doc);
        assertThat(api.getOpenapi()).isEqualTo("3.1.0");
        assertThat(doc.at("/servers/0/url").asText()).isEqualTo("/api/" + a.app());
        assertThat(doc.at("/components/securitySchemes/bearerAuth/scheme").asText()).isEqualTo("bearer");
        assertThat(texts(doc.at("/components/schemas/Operator/enum")))
                .containsExactly("eq", "neq", "gt", "gte", "lt", "lte", "in", "not_in", "like");
        assertThat(names(doc.get("paths"))).contains("/customer", "/customer/{id}", "/order", "/order/{id}", "/line",
                "/tag/{id}", "/auth/login", "/auth/refresh", "/auth/logout", "/auth/password", "/_files/upload",
                "/_files/{id}", "/_files", "/_workflows/pending", "/_workflows/{id}/approve");
        assertThat(names(doc.at("/paths/~1customer"))).containsExactly("get", "post");
        assertThat(names(doc.at("/paths/~1customer~1{id}"))).containsExactly("get", "put", "delete");
        assertThat(doc.at("/paths/~1auth~1login/post/security").size()).isZero();

        // record schema: types, formats, enum, nullability, read-only keys
        JsonNode c = doc.at("/components/schemas/customer");
        assertThat(texts(c.get("required"))).contains("id", "name", "email", "deleted_at");
        JsonNode p = c.get("properties");
        assertThat(p.at("/id/type").asText()).isEqualTo("string");
        assertThat(p.at("/id/format").asText()).isEqualTo("uuid");
        assertThat(p.at("/id/readOnly").asBoolean()).isTrue();
        assertThat(p.at("/name/type").asText()).isEqualTo("string");
        assertThat(texts(p.at("/email/type"))).containsExactly("string", "null");
        assertThat(texts(p.at("/tier/enum"))).containsExactly("gold", "silver", null);
        assertThat(p.at("/tier/default").asText()).isEqualTo("silver");
        assertThat(texts(p.at("/age/type"))).containsExactly("integer", "null");
        assertThat(p.at("/age/format").asText()).isEqualTo("int32");
        assertThat(p.at("/points/format").asText()).isEqualTo("int64");
        assertThat(texts(p.at("/balance/type"))).containsExactly("number", "null");
        assertThat(texts(p.at("/active/type"))).containsExactly("boolean", "null");
        assertThat(p.at("/born/format").asText()).isEqualTo("date");
        assertThat(p.at("/created_at/format").asText()).isEqualTo("date-time");
        assertThat(p.at("/created_at/readOnly").asBoolean()).isTrue();
        assertThat(p.at("/avatar/oneOf/0/$ref").asText()).isEqualTo("#/components/schemas/FileValue");
        assertThat(p.at("/orders/type").asText()).isEqualTo("array");
        assertThat(p.at("/orders/items/$ref").asText()).isEqualTo("#/components/schemas/order");
        assertThat(p.at("/profile/oneOf/0/$ref").asText()).isEqualTo("#/components/schemas/profile");
        // the reverse side: an order's customer is one object
        assertThat(doc.at("/components/schemas/order/properties/orders/oneOf/0/$ref").asText())
                .isEqualTo("#/components/schemas/customer");
        assertThat(doc.at("/components/schemas/order/properties/state/type").asText()).isEqualTo("string");
        assertThat(texts(doc.at("/components/schemas/order/properties/state/enum"))).containsExactly("open", "paid");
        assertThat(doc.at("/components/schemas/order/properties/deleted_at").isMissingNode()).isTrue();

        // create body: required fields, no generated key or auto fields, nested writes
        JsonNode create = doc.at("/components/schemas/customer.create");
        assertThat(texts(create.get("required"))).containsExactly("name");
        assertThat(names(create.get("properties"))).doesNotContain("id", "created_at", "updated_at", "deleted_at")
                .contains("avatar", "orders", "profile");
        assertThat(create.at("/additionalProperties").asBoolean(true)).isFalse();
        assertThat(texts(create.at("/properties/avatar/oneOf/0/type"))).isEmpty();
        assertThat(create.at("/properties/avatar/oneOf/0/format").asText()).isEqualTo("uuid");
        JsonNode nested = create.at("/properties/orders");
        assertThat(texts(nested.at("/properties/_write_mode/enum"))).containsExactly("diff", "replace", "append");
        assertThat(nested.at("/properties/data/items/$ref").asText()).isEqualTo("#/components/schemas/order.row");
        assertThat(names(doc.at("/components/schemas/order.row/properties"))).contains("id", "_delete", "lines", "tags");
        assertThat(doc.at("/components/schemas/order.create/properties/tags/properties/_write_mode/default").asText())
                .isEqualTo("replace");
        assertThat(names(doc.at("/components/schemas/order.create/properties/tags/properties/data/items/properties")))
                .contains("code", "id", "_delete");
        assertThat(texts(doc.at("/components/schemas/tag.create/required"))).containsExactly("code");
        assertThat(doc.at("/components/schemas/customer.update/required").isMissingNode()).isTrue();

        // list parameters
        List<String> params = new ArrayList<>();
        doc.at("/paths/~1order/get/parameters").forEach(n -> params.add(n.path("name").asText()));
        assertThat(params).containsExactly("filter", "sort", "page", "per_page", "include");
        JsonNode filter = doc.at("/paths/~1order/get/parameters/0");
        assertThat(filter.path("style").asText()).isEqualTo("deepObject");
        assertThat(names(filter.at("/schema/properties"))).contains("id", "state", "total");
        assertThat(names(filter.at("/schema/patternProperties")).toString()).contains("not_in", "lines");
        assertThat(doc.at("/paths/~1order/get/parameters/4/schema/pattern").asText()).contains("lines", "tags");
        assertThat(doc.at("/paths/~1order/get/responses/200/content/application~1json/schema/properties/meta/$ref")
                .asText()).isEqualTo("#/components/schemas/PageMeta");
        assertThat(doc.at("/paths/~1order/post/responses/422/$ref").asText()).isEqualTo("#/components/responses/Unprocessable");
        assertThat(texts(doc.at("/components/schemas/Error/properties/error/properties/code/enum")))
                .contains("VALIDATION_FAILED", "NESTED_WRITE_FAILED", "UNKNOWN_FIELD", "APP_NOT_FOUND");
    }

    @Test
    void realAnswersAndBodiesMatchTheSchemas() {
        AppClient a = shop();
        JsonNode doc = assertStatus(a.get("_openapi"), 200).json();
        Map<String, Object> body = map("name", "Ada", "email", null, "tier", "gold", "notes", "long text", "age", 36,
                "points", 9_000_000_000L, "balance", 12.5, "active", false, "born", "1815-12-10",
                "prefs", map("theme", List.of("dark")), "ext", "3f0c2a56-0d0e-4f59-8d4b-8f1e5c1f7a10",
                "orders", map("_write_mode", "diff", "data", List.of(map("state", "open", "total", 3.5,
                        "lines", map("data", List.of(map("sku", "A1", "qty", 2))),
                        "tags", map("_write_mode", "append", "data", List.of())))),
                "profile", map("data", List.of(map("bio", "math"))));
        assertThat(problems(schema(doc, "customer.create"), body)).isEmpty();
        assertThat(problems(schema(doc, "customer.create"), map("email", "x@example.com"))).isNotEmpty(); // name required
        assertThat(problems(schema(doc, "customer.create"), map("name", "B", "colour", "red"))).isNotEmpty();
        assertThat(problems(schema(doc, "customer.create"), map("name", "B", "tier", "bronze"))).isNotEmpty();
        assertThat(problems(schema(doc, "customer.update"), map("age", 37))).isEmpty();

        JsonNode created = a.create("customer", body);
        String id = created.path("id").asText();
        JsonNode one = assertStatus(a.get("customer/" + id + "?include=orders,profile"), 200).json();
        assertThat(problems(schema(doc, "customer"), one.get("data"))).isEmpty();
        JsonNode orders = a.list("order", "include=lines,tags,orders");
        assertThat(orders.get("data").size()).isEqualTo(1);
        for (JsonNode o : orders.get("data")) {
            assertThat(problems(schema(doc, "order"), o)).isEmpty();
        }
        assertThat(problems(schema(doc, "PageMeta"), orders.get("meta"))).isEmpty();
        // a record of the minimal shape: nulls where the schema allows them
        JsonNode bare = a.create("customer", map("name", "Bo"));
        assertThat(problems(schema(doc, "customer"), bare)).isEmpty();
        assertThat(problems(schema(doc, "customer"), map("id", id))).isNotEmpty();
        // the error envelope
        JsonNode error = assertError(a.post("customer", map("name", "Ada")), 409, "CONFLICT").json();
        assertThat(problems(schema(doc, "Error"), error)).isEmpty();
        JsonNode invalid = assertError(a.post("customer", map("colour", 1)), 422, "VALIDATION_FAILED").json();
        assertThat(problems(schema(doc, "Error"), invalid)).isEmpty();
    }

    @Test
    void documentFollowsMetadataAtOnce() {
        AppClient a = shop();
        JsonNode before = assertStatus(a.get("_openapi"), 200).json();
        assertThat(before.at("/components/schemas/tag/properties/color").isMissingNode()).isTrue();
        assertStatus(a.put("_admin/entities/tag", map("name", "tag", "table", "tags", "soft_delete", false,
                "primary_key", map("field", "code", "type", "string", "generated", false),
                "fields", List.of(field("code", "string", "required", true), field("label", "string"),
                        field("color", "string", "required", true, "enum", List.of("red", "blue"))))), 200);
        a.entity(entityDef("note", "uuid", true, field("body", "text")));
        JsonNode after = assertStatus(a.get("_openapi"), 200).json();
        validate(after);
        assertThat(texts(after.at("/components/schemas/tag/properties/color/enum"))).containsExactly("red", "blue");
        assertThat(texts(after.at("/components/schemas/tag.create/required"))).containsExactly("code", "color");
        assertThat(names(after.get("paths"))).contains("/note", "/note/{id}");
        assertStatus(a.delete("_admin/entities/note"), 200);
        assertThat(names(assertStatus(a.get("_openapi"), 200).json().get("paths"))).doesNotContain("/note");
    }

    @Test
    void callersSeeWhatTheyMayUse() {
        AppClient a = shop();
        a.permission("order", "read", List.of("clerk"), List.of());
        a.permission("line", "create", List.of("clerk"), List.of(map("field", "qty", "operator", "lt", "value", 10)));
        a.user("clerk@example.com", "clerk-password", List.of("clerk"));
        AppClient clerk = a.as(a.login("clerk@example.com", "clerk-password"));
        JsonNode doc = assertStatus(clerk.get("_openapi"), 200).json();
        validate(doc);
        assertThat(names(doc.get("paths"))).contains("/order", "/order/{id}", "/line", "/auth/login", "/_files/upload")
                .doesNotContain("/customer", "/customer/{id}", "/tag", "/line/{id}", "/_files");
        assertThat(names(doc.at("/paths/~1order"))).containsExactly("get");
        assertThat(names(doc.at("/paths/~1order~1{id}"))).containsExactly("get");
        assertThat(names(doc.at("/paths/~1line"))).containsExactly("post");
        assertThat(names(doc.at("/paths/~1_files~1{id}"))).containsExactly("get");

        // a user without any policy still gets a valid document (auth, files, workflows)
        a.user("nobody@example.com", "nobody-password", List.of());
        JsonNode bare = assertStatus(a.as(a.login("nobody@example.com", "nobody-password")).get("_openapi"), 200).json();
        validate(bare);
        assertThat(names(bare.get("paths"))).doesNotContain("/order", "/line").contains("/auth/login");

        // the platform admin administers every app
        JsonNode platform = assertStatus(a.as(platformToken()).get("_openapi"), 200).json();
        assertThat(names(platform.get("paths"))).contains("/customer", "/tag/{id}", "/_files");
    }

    @Test
    void readingNeedsATokenOfTheApp() {
        AppClient a = shop();
        assertError(a.as(null).get("_openapi"), 401, "UNAUTHORIZED");
        assertError(a.as("not-a-token").get("_openapi"), 401, "UNAUTHORIZED");
        String other = newApp();
        assertError(a.as(appAdminToken(other)).get("_openapi"), 401, "UNAUTHORIZED");
        assertError(http.get("api/nosuchapp_x/_openapi", a.token()), 404, "APP_NOT_FOUND");
    }

    @Test
    void swaggerUiPageAndAssets() {
        AppClient a = shop();
        Http.Res page = a.as(null).get("_docs");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("data-openapi=\"/api/" + a.app() + "/_openapi\"")
                .contains("/api/" + a.app() + "/_docs/swagger-ui-bundle.js")
                .contains("/api/" + a.app() + "/_docs/rocket-docs.js");
        Http.Res bundle = a.as(null).get("_docs/swagger-ui-bundle.js");
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.contentType()).startsWith("text/javascript");
        assertThat(bundle.body()).contains("SwaggerUIBundle");
        Http.Res css = a.as(null).get("_docs/swagger-ui.css");
        assertThat(css.status()).isEqualTo(200);
        assertThat(css.contentType()).startsWith("text/css");
        Http.Res init = a.as(null).get("_docs/rocket-docs.js");
        assertThat(init.status()).isEqualTo(200);
        assertThat(init.body()).contains("preauthorizeApiKey('bearerAuth'");
        assertError(a.as(null).get("_docs/index.html"), 404, "NOT_FOUND");
        assertError(a.as(null).get("_docs/swagger-initializer.js"), 404, "NOT_FOUND");
        assertError(http.get("api/nosuchapp_x/_docs", null), 404, "APP_NOT_FOUND");
    }
}
