package dev.rocket.openapi;

import dev.rocket.auth.Caller;
import dev.rocket.error.ErrorCode;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.FieldDef;
import dev.rocket.metadata.FieldType;
import dev.rocket.metadata.Op;
import dev.rocket.metadata.Policy;
import dev.rocket.metadata.Registry;
import dev.rocket.metadata.RelationDef;
import dev.rocket.metadata.WriteMode;
import dev.rocket.permission.PolicyKind;
import dev.rocket.request.RequestParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAPI 3.1 document of one app, built from a registry snapshot for one caller (docs/openapi.md).
 * It lists what that caller may call: every entity operation for which the caller holds a policy (admins:
 * all), the auth, file and workflow routes, with a schema per entity for records, create and update bodies
 * and nested-write rows. Pure: no I/O, the same registry and roles always give the same document.
 */
public final class OpenApiBuilder {
    private static final String ERR = "#/components/responses/";
    private static final List<String> WRITE_MODES = WriteMode.NAMES;

    private final String app;
    private final String serverUrl;
    private final Registry reg;
    private final Caller caller;

    public OpenApiBuilder(String app, String serverUrl, Registry reg, Caller caller) {
        this.app = app;
        this.serverUrl = serverUrl;
        this.reg = reg;
        this.caller = caller;
    }

    public Map<String, Object> build() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("openapi", "3.1.0");
        doc.put("info", map("title", "Rocket app " + app, "version", "1",
                "description", "The REST API of the Rocket app `" + app + "`, generated from its current metadata. "
                        + "It lists the operations the caller of `GET /api/" + app + "/_openapi` may use."));
        doc.put("servers", List.of(map("url", serverUrl)));
        doc.put("security", List.of(map("bearerAuth", List.of())));
        Map<String, Object> paths = new LinkedHashMap<>();
        Map<String, Object> schemas = new LinkedHashMap<>();
        commonSchemas(schemas);
        List<Map<String, Object>> tags = new ArrayList<>();
        authPaths(paths);
        List<String> visible = new ArrayList<>();
        for (EntityDef e : reg.entities().values()) {
            boolean read = may(e, "read");
            boolean create = may(e, "create");
            boolean update = may(e, "update");
            boolean delete = may(e, "delete");
            if (!read && !create && !update && !delete) {
                continue;
            }
            visible.add(e.name());
            tags.add(map("name", e.name(), "description", "Records of the entity `" + e.name() + "`"));
            entityPaths(e, read, create, update, delete, paths);
        }
        for (String n : related(visible)) {
            entitySchemas(reg.entity(n), schemas);
        }
        filePaths(paths);
        workflowPaths(paths);
        tags.add(0, map("name", "auth", "description", "Sign-in and tokens of the app's users"));
        tags.add(map("name", "files", "description", "Uploads and downloads"));
        tags.add(map("name", "workflows", "description", "Workflow instances and approvals"));
        doc.put("tags", tags);
        doc.put("paths", paths);
        doc.put("components", map(
                "securitySchemes", map("bearerAuth", map("type", "http", "scheme", "bearer", "bearerFormat", "JWT",
                        "description", "An access token from POST /auth/login of this app, or a platform token "
                                + "(which acts as an app admin).")),
                "responses", errorResponses(),
                "schemas", schemas));
        return doc;
    }

    /**
     * The entities whose schemas the document needs: those the caller may use and every entity their schemas
     * reach through relations (included records, nested-write rows), in registry order.
     */
    private Set<String> related(List<String> start) {
        Set<String> seen = new LinkedHashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>(start);
        while (!todo.isEmpty()) {
            String n = todo.poll();
            if (reg.entity(n) == null || !seen.add(n)) {
                continue;
            }
            for (RelationDef r : reg.relationsFrom(n)) {
                todo.add(r.target());
            }
            for (RelationDef r : reg.relationsTo(n)) {
                todo.add(r.source());
            }
        }
        Set<String> ordered = new LinkedHashSet<>();
        for (String n : reg.entities().keySet()) {
            if (seen.contains(n)) {
                ordered.add(n);
            }
        }
        return ordered;
    }

    private boolean may(EntityDef e, String action) {
        if (caller.isAdmin()) {
            return true;
        }
        for (Policy p : reg.index(PolicyKind.KIND).of(e.name(), action)) {
            if (p.appliesTo(caller.roles())) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ entities

    private void entityPaths(EntityDef e, boolean read, boolean create, boolean update, boolean delete,
                             Map<String, Object> paths) {
        String n = e.name();
        Map<String, Object> coll = new LinkedHashMap<>();
        if (read) {
            List<Object> params = new ArrayList<>();
            params.add(filterParam(e));
            params.add(sortParam(e));
            params.add(map("name", "page", "in", "query", "description", "Page number, from 1 (values below 1 mean 1)",
                    "schema", map("type", "integer", "minimum", 1, "default", 1)));
            params.add(map("name", "per_page", "in", "query",
                    "description", "Rows per page; larger values are clamped to " + RequestParser.MAX_PER_PAGE,
                    "schema", map("type", "integer", "minimum", 1, "maximum", RequestParser.MAX_PER_PAGE,
                            "default", RequestParser.DEFAULT_PER_PAGE)));
            params.add(includeParam(e));
            coll.put("get", op(n, "list_" + n, "List " + n + " records",
                    "Filtered, sorted and paginated; `meta.total` counts every row that matches the filters.",
                    params, null, ok("200", "One page of records", map("type", "object", "required", List.of("data", "meta"),
                            "properties", map("data", map("type", "array", "items", ref(n)),
                                    "meta", ref("PageMeta")))), "400", "401", "403", "404"));
        }
        if (create) {
            coll.put("post", op(n, "create_" + n, "Create a " + n + " record",
                    "Fields and nested writes of related records, in one transaction. The answer is the record as "
                            + "stored, with the relations written in the request.",
                    List.of(), body(ref(n + ".create")), ok("201", "Created", data(ref(n))),
                    "400", "401", "403", "404", "409", "413", "422"));
        }
        if (!coll.isEmpty()) {
            paths.put("/" + n, coll);
        }
        Map<String, Object> item = new LinkedHashMap<>();
        Map<String, Object> idParam = map("name", "id", "in", "path", "required", true,
                "description", "Primary key (`" + e.pkField() + "`)", "schema", valueSchema(e.pk(), false));
        if (read) {
            item.put("get", op(n, "get_" + n, "Read one " + n + " record",
                    "404 when the record does not exist, is deleted or lies outside the caller's read permission.",
                    List.of(idParam, includeParam(e)), null, ok("200", "The record", data(ref(n))), "400", "401", "403", "404"));
        }
        if (update) {
            item.put("put", op(n, "update_" + n, "Update a " + n + " record",
                    "Only the keys sent are changed; nested writes as on create.",
                    List.of(idParam), body(ref(n + ".update")), ok("200", "The record after the update", data(ref(n))),
                    "400", "401", "403", "404", "409", "413", "422"));
        }
        if (delete) {
            item.put("delete", op(n, "delete_" + n, "Delete a " + n + " record",
                    e.softDelete() ? "Soft delete: the row is kept with `deleted_at` set and is no longer returned."
                            : "The row is deleted.",
                    List.of(idParam), null, ok("200", "Deleted", data(map("type", "object", "required", List.of("id"),
                            "properties", map("id", map("type", "string"))))), "401", "403", "404", "409", "422"));
        }
        if (!item.isEmpty()) {
            paths.put("/" + n + "/{id}", item);
        }
    }

    private Map<String, Object> filterParam(EntityDef e) {
        Map<String, Object> props = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        for (FieldDef f : e.fields()) {
            names.add(f.name());
            props.put(f.name(), map("type", "string", "description", "equals (" + f.type().wireName() + ")"));
        }
        List<String> ops = new ArrayList<>();
        for (Op o : Op.values()) {
            ops.add(o.wireName());
        }
        String opGroup = "(" + String.join("|", ops) + ")";
        Map<String, Object> patterns = new LinkedHashMap<>();
        patterns.put("^(" + String.join("|", names) + ")\\." + opGroup + "$", map("type", "string"));
        Set<String> rels = relationNames(e);
        if (!rels.isEmpty()) {
            List<String> quoted = new ArrayList<>();
            for (String r : rels) {
                quoted.add(r);
            }
            patterns.put("^(" + String.join("|", quoted) + ")\\.[a-z][a-z0-9_]*(\\." + opGroup + ")?$", map("type", "string"));
        }
        return map("name", "filter", "in", "query", "style", "deepObject", "explode", true,
                "description", "`filter[field]=v` (equals) or `filter[field.op]=v` with op one of " + String.join(", ", ops)
                        + "; `in`/`not_in` take a comma-separated list, `like` a pattern with `%` and `_`. "
                        + "`filter[relation.field]` and `filter[relation.field.op]` keep the records that have a related "
                        + "record matching. All filters must hold.",
                "schema", map("type", "object", "properties", props, "patternProperties", patterns,
                        "additionalProperties", false));
    }

    private Map<String, Object> sortParam(EntityDef e) {
        List<String> names = new ArrayList<>();
        for (FieldDef f : e.fields()) {
            names.add(f.name());
        }
        String one = "[-+]?(" + String.join("|", names) + ")";
        return map("name", "sort", "in", "query",
                "description", "Comma-separated fields, `-` before a field for descending, e.g. `-" + e.fields().get(0).name()
                        + "`. Without it, rows come in primary-key order.",
                "schema", map("type", "string", "pattern", "^" + one + "(," + one + ")*$"));
    }

    private Map<String, Object> includeParam(EntityDef e) {
        Set<String> rels = relationNames(e);
        Map<String, Object> schema = map("type", "string");
        if (!rels.isEmpty()) {
            List<String> quoted = new ArrayList<>();
            for (String r : rels) {
                quoted.add(r);
            }
            String one = "(" + String.join("|", quoted) + ")";
            schema.put("pattern", "^" + one + "(," + one + ")*$");
        }
        return map("name", "include", "in", "query",
                "description", rels.isEmpty() ? "No relation to include"
                        : "Comma-separated relations to add to each record: " + String.join(", ", rels),
                "schema", schema);
    }

    /** Relation names usable in include and related-field filters, as seen from the entity. */
    private Set<String> relationNames(EntityDef e) {
        Set<String> out = new LinkedHashSet<>();
        for (RelationDef r : reg.relationsFrom(e.name())) {
            if (reg.entity(r.target()) != null) {
                out.add(r.name());
            }
        }
        for (RelationDef r : reg.relationsTo(e.name())) {
            if (reg.entity(r.source()) != null) {
                out.add(r.name());
            }
        }
        // a relation may also be named by the entity at its other end
        for (RelationDef r : reg.relationsFrom(e.name())) {
            if (reg.entity(r.target()) != null && reg.resolve(e.name(), r.target()) != null) {
                out.add(r.target());
            }
        }
        for (RelationDef r : reg.relationsTo(e.name())) {
            if (reg.entity(r.source()) != null && reg.resolve(e.name(), r.source()) != null) {
                out.add(r.source());
            }
        }
        return out;
    }

    private void entitySchemas(EntityDef e, Map<String, Object> schemas) {
        String n = e.name();
        // the record as returned
        Map<String, Object> props = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (FieldDef f : e.fields()) {
            boolean nullable = !f.notNull() && !f.name().equals(e.pkField());
            Map<String, Object> s = valueSchema(f, nullable);
            if (f.isAuto() || (f.name().equals(e.pkField()) && e.pkGenerated())) {
                s.put("readOnly", true);
            }
            props.put(f.name(), s);
            required.add(f.name());
        }
        if (e.softDelete() && !e.hasField("deleted_at")) {
            props.put("deleted_at", map("type", List.of("string", "null"), "format", "date-time",
                    "description", "always null: deleted records are never returned", "readOnly", true));
            required.add("deleted_at");
        }
        for (RelationDef r : reg.relationsFrom(n)) {
            if (reg.entity(r.target()) != null && !props.containsKey(r.name())) {
                props.put(r.name(), related(r.target(), r.forwardIsList(), r));
            }
        }
        for (RelationDef r : reg.relationsTo(n)) {
            if (reg.entity(r.source()) != null && !props.containsKey(r.name())) {
                props.put(r.name(), related(r.source(), r.isManyToMany(), r));
            }
        }
        schemas.put(n, map("type", "object", "description", "A record of `" + n + "` (table `" + e.table() + "`"
                        + (e.softDelete() ? ", soft delete" : "") + "). Relation keys appear when included"
                        + " (`include=`), eager relations always.",
                "required", required, "properties", props));

        // write bodies
        schemas.put(n + ".create", writeSchema(e, true, false));
        schemas.put(n + ".update", writeSchema(e, false, false));
        schemas.put(n + ".row", writeSchema(e, false, true));
    }

    private Map<String, Object> related(String target, boolean list, RelationDef r) {
        String d = r.type().wireName() + " relation `" + r.name() + "`, present when included";
        if (list) {
            return map("type", "array", "items", ref(target), "description", d);
        }
        return map("oneOf", List.of(ref(target), map("type", "null")), "description", d);
    }

    /**
     * create: the fields a client may send, required ones listed; update: the same, none required;
     * row: one row of a nested write (primary key to address an existing row, {@code _delete}).
     */
    private Map<String, Object> writeSchema(EntityDef e, boolean create, boolean row) {
        Map<String, Object> props = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (FieldDef f : e.fields()) {
            boolean pk = f.name().equals(e.pkField());
            if (f.isAuto() || f.name().equals("deleted_at") || (pk && e.pkGenerated() && !row)) {
                continue;
            }
            boolean mandatory = f.required() && !f.nullable();
            Map<String, Object> s = inputSchema(f, !mandatory || pk && row);
            if (pk && e.pkGenerated()) {
                s.put("description", "identifies an existing row; leave out to create one");
            }
            props.put(f.name(), s);
            if (create && (mandatory || pk) && f.defaultValue() == null) {
                required.add(f.name());
            }
        }
        if (row) {
            props.put("_delete", map("type", "boolean",
                    "description", "with the primary key: delete this row (diff, replace) or unlink it (many_to_many)"));
        }
        for (RelationDef r : reg.relationsFrom(e.name())) {
            EntityDef target = reg.entity(r.target());
            if (target != null && !props.containsKey(r.name())) {
                props.put(r.name(), nestedBody(r, target));
            }
        }
        Map<String, Object> s = map("type", "object");
        if (!required.isEmpty()) {
            s.put("required", required);
        }
        s.put("properties", props);
        s.put("additionalProperties", false);
        return s;
    }

    private Map<String, Object> nestedBody(RelationDef r, EntityDef target) {
        Map<String, Object> item;
        if (r.isManyToMany()) {
            Map<String, Object> ip = new LinkedHashMap<>();
            ip.put(target.pkField(), valueSchema(target.pk(), false));
            if (!target.pkField().equals("id")) {
                ip.put("id", valueSchema(target.pk(), false));
            }
            ip.put("_delete", map("type", "boolean", "description", "unlink (diff, replace)"));
            item = map("type", "object", "description", "a `" + target.name() + "` to link by its primary key",
                    "properties", ip);
        } else {
            item = ref(target.name() + ".row");
        }
        return map("type", "object",
                "description", "Nested write of the " + r.type().wireName() + " relation `" + r.name() + "` (default mode "
                        + r.writeMode().wireName() + ")",
                "required", List.of("data"),
                "properties", map(
                        "_write_mode", map("type", "string", "enum", WRITE_MODES, "default", r.writeMode().wireName()),
                        "data", map("type", "array", "items", item)),
                "additionalProperties", false);
    }

    /** The JSON Schema of a field value as returned. */
    static Map<String, Object> valueSchema(FieldDef f, boolean nullable) {
        Map<String, Object> s = baseSchema(f.type());
        if (f.type() == FieldType.FILE) {
            s = nullable ? map("oneOf", List.of(ref("FileValue"), map("type", "null"))) : ref("FileValue");
            return s;
        }
        return finish(s, f, nullable);
    }

    /** The JSON Schema of a field value as sent: file fields take an uploaded file's id. */
    static Map<String, Object> inputSchema(FieldDef f, boolean nullable) {
        if (f.type() == FieldType.FILE) {
            List<Object> alts = new ArrayList<>();
            alts.add(map("type", "string", "format", "uuid", "description", "id of an uploaded file"));
            alts.add(ref("FileValue"));
            if (nullable) {
                alts.add(map("type", "null"));
            }
            return map("oneOf", alts);
        }
        return finish(baseSchema(f.type()), f, nullable);
    }

    private static Map<String, Object> finish(Map<String, Object> s, FieldDef f, boolean nullable) {
        if (f.enumValues() != null && !f.enumValues().isEmpty()) {
            List<Object> values = new ArrayList<>(f.enumValues());
            if (nullable) {
                values.add(null);
            }
            s.put("enum", values);
        }
        if (nullable && s.containsKey("type")) {
            s.put("type", List.of(s.get("type"), "null"));
        }
        if (f.defaultValue() != null) {
            s.put("default", f.defaultValue());
        }
        return s;
    }

    private static Map<String, Object> baseSchema(FieldType t) {
        return switch (t) {
            case STRING -> map("type", "string");
            case TEXT -> map("type", "string", "description", "long text");
            case INT -> map("type", "integer", "format", "int32");
            case BIGINT -> map("type", "integer", "format", "int64");
            case DECIMAL -> map("type", "number");
            case BOOLEAN -> map("type", "boolean");
            case UUID -> map("type", "string", "format", "uuid");
            case TIMESTAMP -> map("type", "string", "format", "date-time");
            case DATE -> map("type", "string", "format", "date");
            case JSON -> map("description", "any JSON value");
            case FILE -> ref("FileValue");
        };
    }

    // ------------------------------------------------------------------ fixed routes

    private void authPaths(Map<String, Object> paths) {
        Map<String, Object> creds = map("type", "object", "required", List.of("email", "password"),
                "properties", map("email", map("type", "string"), "password", map("type", "string", "format", "password")));
        Map<String, Object> refresh = map("type", "object", "required", List.of("refresh_token"),
                "properties", map("refresh_token", map("type", "string")));
        paths.put("/auth/login", map("post", noAuth(op("auth", "login", "Sign in",
                "A token pair for an app user. Failed attempts are throttled (429).", List.of(), body(creds),
                ok("200", "Tokens", data(ref("TokenPair"))), "400", "401", "429"))));
        paths.put("/auth/refresh", map("post", noAuth(op("auth", "refresh", "Exchange a refresh token",
                "The refresh token is used up; a new pair is returned.", List.of(), body(refresh),
                ok("200", "Tokens", data(ref("TokenPair"))), "400", "401"))));
        paths.put("/auth/logout", map("post", noAuth(op("auth", "logout", "Revoke a refresh token", null, List.of(),
                body(refresh), ok("200", "Logged out", ref("Message")), "400", "401"))));
        paths.put("/auth/password", map("post", op("auth", "change_password", "Change the caller's password",
                "Revokes every refresh token of the user; the answer is a new token pair.", List.of(),
                body(map("type", "object", "required", List.of("current_password", "new_password"),
                        "properties", map("current_password", map("type", "string", "format", "password"),
                                "new_password", map("type", "string", "format", "password", "minLength", 8)))),
                ok("200", "Tokens", data(ref("TokenPair"))), "400", "401", "403", "422", "429")));
    }

    private void filePaths(Map<String, Object> paths) {
        Map<String, Object> idParam = map("name", "id", "in", "path", "required", true,
                "schema", map("type", "string", "format", "uuid"));
        paths.put("/_files/upload", map("post", op("files", "upload_file", "Upload a file",
                "multipart/form-data with one part named `file`. The id goes into `file` fields of records.", List.of(),
                map("required", true, "content", map("multipart/form-data", map("schema", map("type", "object",
                        "required", List.of("file"), "properties", map("file", map("type", "string",
                                "contentMediaType", "application/octet-stream")))))),
                ok("201", "Stored", data(ref("FileUpload"))), "400", "401", "413")));
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("get", op("files", "download_file", "Download a file", null, List.of(idParam), null,
                map("200", map("description", "The file's bytes with its media type",
                        "content", map("*/*", map("schema", map("type", "string",
                                "contentMediaType", "application/octet-stream"))))), "401", "404"));
        if (caller.isAdmin()) {
            item.put("delete", op("files", "delete_file", "Delete a file (admin)", null, List.of(idParam), null,
                    ok("200", "Deleted", data(map("type", "object", "properties", map("deleted", map("type", "boolean"))))),
                    "401", "403", "404"));
            paths.put("/_files", map("get", op("files", "list_files", "List files (admin)", null, List.of(), null,
                    ok("200", "Files, newest first", data(map("type", "array", "items", ref("FileInfo")))), "401", "403")));
        }
        paths.put("/_files/{id}", item);
    }

    private void workflowPaths(Map<String, Object> paths) {
        Map<String, Object> idParam = map("name", "id", "in", "path", "required", true,
                "schema", map("type", "string", "format", "uuid"));
        paths.put("/_workflows/pending", map("get", op("workflows", "pending_approvals", "Approvals waiting for the caller",
                null, List.of(), null, ok("200", "Instances, newest first",
                        data(map("type", "array", "items", ref("WorkflowInstance")))), "401")));
        paths.put("/_workflows/{id}", map("get", op("workflows", "get_workflow_instance", "Read a workflow instance",
                null, List.of(idParam), null, ok("200", "The instance", data(ref("WorkflowInstance"))), "401", "404")));
        for (String d : List.of("approve", "reject")) {
            paths.put("/_workflows/{id}/" + d, map("post", op("workflows", d + "_workflow_step",
                    Character.toUpperCase(d.charAt(0)) + d.substring(1) + " the approval step the instance waits at",
                    "Only an assignee of the step (or an admin). The body is ignored.", List.of(idParam), null,
                    ok("200", "The instance after it advanced", data(ref("WorkflowInstance"))), "401", "403", "404", "422")));
        }
    }

    // ------------------------------------------------------------------ shared parts

    private static void commonSchemas(Map<String, Object> s) {
        List<String> codes = new ArrayList<>();
        for (ErrorCode c : ErrorCode.values()) {
            codes.add(c.name());
        }
        s.put("Error", map("type", "object", "required", List.of("error"), "additionalProperties", false,
                "properties", map("error", map("type", "object", "required", List.of("code", "message"),
                        "properties", map("code", map("type", "string", "enum", codes),
                                "message", map("type", "string"),
                                "details", map("type", "array", "items", ref("ErrorDetail"), "minItems", 1))))));
        s.put("ErrorDetail", map("type", "object", "required", List.of("message"),
                "properties", map("message", map("type", "string"),
                        "field", map("type", "string"), "rule", map("type", "string"),
                        "relation", map("type", "string"), "index", map("type", "integer", "minimum", 0))));
        s.put("Operator", map("type", "string", "enum", Op.NAMES, "description",
                "A comparison operator of filters (`filter[field.op]`) and of permission conditions"));
        s.put("PageMeta", map("type", "object", "required", List.of("page", "per_page", "total"),
                "properties", map("page", map("type", "integer", "minimum", 1),
                        "per_page", map("type", "integer", "minimum", 1, "maximum", RequestParser.MAX_PER_PAGE),
                        "total", map("type", "integer", "minimum", 0))));
        s.put("TokenPair", map("type", "object", "required", List.of("access_token", "refresh_token", "expires_in"),
                "properties", map("access_token", map("type", "string"), "refresh_token", map("type", "string"),
                        "expires_in", map("type", "integer", "description", "seconds"),
                        "token_type", map("type", "string", "enum", List.of("Bearer")))));
        s.put("Message", map("type", "object", "required", List.of("message"),
                "properties", map("message", map("type", "string"))));
        s.put("FileValue", map("type", "object", "required", List.of("id", "filename", "size", "mime_type"),
                "properties", map("id", map("type", "string", "format", "uuid"), "filename", map("type", "string"),
                        "size", map("type", "integer"), "mime_type", map("type", "string"))));
        s.put("FileUpload", map("type", "object", "required", List.of("id", "filename", "size", "mime_type", "url"),
                "properties", map("id", map("type", "string", "format", "uuid"), "filename", map("type", "string"),
                        "size", map("type", "integer"), "mime_type", map("type", "string"), "url", map("type", "string"))));
        s.put("FileInfo", map("type", "object",
                "properties", map("id", map("type", "string", "format", "uuid"), "filename", map("type", "string"),
                        "mime_type", map("type", "string"), "size", map("type", "integer"),
                        "uploaded_by", map("type", List.of("string", "null")),
                        "created_at", map("type", "string", "format", "date-time"))));
        s.put("WorkflowInstance", map("type", "object",
                "properties", map("id", map("type", "string", "format", "uuid"),
                        "workflow_id", map("type", "string", "format", "uuid"),
                        "workflow_name", map("type", "string"),
                        "status", map("type", "string", "enum", List.of("running", "completed", "failed", "cancelled")),
                        "current_step", map("type", List.of("string", "null")),
                        "current_step_deadline", map("type", List.of("string", "null"), "format", "date-time"),
                        "context", map("type", "object"),
                        "history", map("type", "array", "items", map("type", "object", "properties", map(
                                "step", map("type", "string"), "status", map("type", "string"),
                                "by", map("type", "string"), "at", map("type", "string", "format", "date-time")))),
                        "created_at", map("type", "string", "format", "date-time"),
                        "updated_at", map("type", "string", "format", "date-time"))));
    }

    private static final Map<String, String[]> ERRORS = Map.of(
            "400", new String[]{"BadRequest", "Unparsable body or query (INVALID_PAYLOAD, UNKNOWN_FIELD)"},
            "401", new String[]{"Unauthorized", "Missing, malformed or expired token (UNAUTHORIZED)"},
            "403", new String[]{"Forbidden", "The caller may not do this (FORBIDDEN)"},
            "404", new String[]{"NotFound", "No such record, entity or app (NOT_FOUND, UNKNOWN_ENTITY, APP_NOT_FOUND)"},
            "409", new String[]{"Conflict", "A unique value is taken, or related records restrict a delete (CONFLICT)"},
            "413", new String[]{"TooLarge", "Body or file too large (PAYLOAD_TOO_LARGE, FILE_TOO_LARGE)"},
            "422", new String[]{"Unprocessable", "Validation, rules, state machine or nested write failed "
                    + "(VALIDATION_FAILED, NESTED_WRITE_FAILED, INVALID_STATE)"},
            "429", new String[]{"TooManyRequests", "Too many failed sign-ins; see Retry-After (TOO_MANY_REQUESTS)"});

    private static Map<String, Object> errorResponses() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String status : List.of("400", "401", "403", "404", "409", "413", "422", "429")) {
            String[] e = ERRORS.get(status);
            out.put(e[0], map("description", e[1],
                    "content", map("application/json", map("schema", ref("Error")))));
        }
        return out;
    }

    private static Map<String, Object> op(String tag, String id, String summary, String description, List<Object> params,
                                          Map<String, Object> body, Map<String, Object> responses, String... errors) {
        Map<String, Object> o = map("tags", List.of(tag), "operationId", id, "summary", summary);
        if (description != null) {
            o.put("description", description);
        }
        if (!params.isEmpty()) {
            o.put("parameters", params);
        }
        if (body != null) {
            o.put("requestBody", body);
        }
        Map<String, Object> r = new LinkedHashMap<>(responses);
        for (String status : errors) {
            r.put(status, map("$ref", ERR + ERRORS.get(status)[0]));
        }
        o.put("responses", r);
        return o;
    }

    private static Map<String, Object> noAuth(Map<String, Object> op) {
        op.put("security", List.of());
        return op;
    }

    private static Map<String, Object> ok(String status, String description, Map<String, Object> schema) {
        return map(status, map("description", description, "content", map("application/json", map("schema", schema))));
    }

    private static Map<String, Object> body(Map<String, Object> schema) {
        return map("required", true, "content", map("application/json", map("schema", schema)));
    }

    private static Map<String, Object> data(Map<String, Object> schema) {
        return map("type", "object", "required", List.of("data"), "properties", map("data", schema));
    }

    private static Map<String, Object> ref(String schema) {
        return map("$ref", "#/components/schemas/" + schema);
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
