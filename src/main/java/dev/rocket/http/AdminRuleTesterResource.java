package dev.rocket.http;

import dev.rocket.auth.Caller;
import dev.rocket.db.Jdbc;
import dev.rocket.error.ApiException;
import dev.rocket.error.Details;
import dev.rocket.error.ErrorCode;
import dev.rocket.expr.CompiledExpression;
import dev.rocket.expr.ExpressionEngine;
import dev.rocket.expr.ExpressionException;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.FieldDef;
import dev.rocket.tenancy.AppContext;
import dev.rocket.tenancy.AppDirectory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/{app}/_admin/rules/test}: the live rule tester (admin only). Evaluates one expression with
 * the engine rules use, against a sample record, in the environment a rule sees ({@code record}, {@code old},
 * {@code action}, {@code user}, {@code now}, {@code related}); nothing is read from or written to the app's data.
 *
 * <p>Body: {@code {"expression": "...", "record": {...}, "old": {...}, "action": "create|update|delete",
 * "entity": "name", "related": {...}}}; only {@code expression} is required. As in a write, {@code record}
 * is the sample laid over {@code old} (an update's current row); with {@code entity}, fields neither gives
 * take their defaults. Answer: {@code {"data": {"result": v,
 * "truthy": b}}}, where {@code truthy} is what an expression rule or a guard would make of the result;
 * a syntax or evaluation error is a 422 whose detail carries the engine's message.
 */
@Singleton
@Path("/api/{app}/_admin/rules/test")
@Produces(MediaType.APPLICATION_JSON)
public class AdminRuleTesterResource {
    private static final Set<String> KEYS = Set.of("expression", "record", "old", "action", "entity", "related");
    private static final Set<String> ACTIONS = Set.of("create", "update", "delete");

    private final AppDirectory apps;
    private final Security security;
    private final Bodies bodies;
    private final ExpressionEngine engine;

    @Inject
    public AdminRuleTesterResource(AppDirectory apps, Security security, Bodies bodies, ExpressionEngine engine) {
        this.apps = apps;
        this.security = security;
        this.bodies = bodies;
        this.engine = engine;
    }

    @POST
    public Map<String, Object> test(@PathParam("app") String appName, @Context HttpHeaders h, InputStream body) {
        AppContext app = apps.require(appName);
        Caller caller = security.appAdmin(app, h);
        Map<String, Object> in = bodies.object(body);
        for (String k : in.keySet()) {
            if (!KEYS.contains(k)) {
                throw new ApiException(ErrorCode.UNKNOWN_FIELD, "Unknown key in rule test: " + k
                        + " (allowed: expression, record, old, action, entity, related)");
            }
        }
        List<Map<String, Object>> problems = new ArrayList<>();
        Object source = in.get("expression");
        if (!(source instanceof String s) || s.isBlank()) {
            problems.add(Details.of("expression", "required", "expression must be a non-empty string"));
        }
        Map<String, Object> record = object(in, "record", problems);
        Map<String, Object> old = object(in, "old", problems);
        Map<String, Object> related = object(in, "related", problems);
        Object action = in.getOrDefault("action", "create");
        if (!(action instanceof String a) || !ACTIONS.contains(a)) {
            problems.add(Details.of("action", "enum", "action must be create, update, or delete"));
        }
        EntityDef entity = null;
        Object entityName = in.get("entity");
        if (entityName != null) {
            entity = entityName instanceof String n ? app.registry().entity(n) : null;
            if (entity == null) {
                problems.add(Details.of("entity", "exists", "unknown entity: " + entityName));
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation("Invalid rule test", problems);
        }
        Map<String, Object> sample = new LinkedHashMap<>();
        if (entity != null) {
            for (FieldDef f : entity.fields()) {
                sample.put(f.name(), f.defaultValue());
            }
        }
        if (old != null) {
            sample.putAll(old);
        }
        if (record != null) {
            sample.putAll(record);
        }
        Map<String, Object> env = new HashMap<>();
        env.put("record", sample);
        env.put("old", old);
        env.put("action", action);
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", caller.id());
        user.put("roles", caller.roles());
        env.put("user", user);
        env.put("now", Jdbc.isoUtc(Instant.now()));
        env.put("related", related == null ? Map.of() : related);

        CompiledExpression expression;
        try {
            expression = engine.compile((String) source);
        } catch (ExpressionException e) {
            throw ApiException.validation("The expression does not compile",
                    List.of(Details.of("expression", "syntax", e.getMessage())));
        }
        Object result;
        try {
            result = expression.evaluate(env);
        } catch (ExpressionException e) {
            throw ApiException.validation("The expression failed to evaluate",
                    List.of(Details.of("expression", "evaluation", e.getMessage())));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("result", result);
        out.put("truthy", truthy(result));
        return Envelope.data(out);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> in, String key, List<Map<String, Object>> problems) {
        Object v = in.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Map<?, ?> m) {
            return new LinkedHashMap<>((Map<String, Object>) m);
        }
        problems.add(Details.of(key, "type", key + " must be a JSON object"));
        return null;
    }

    /** JavaScript truthiness of an evaluated result (NaN already arrives as null). */
    private static boolean truthy(Object v) {
        if (v == null || Boolean.FALSE.equals(v) || "".equals(v)) {
            return false;
        }
        if (v instanceof Number n) {
            return n.doubleValue() != 0;
        }
        return true;
    }
}
