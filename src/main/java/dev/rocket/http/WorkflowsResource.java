package dev.rocket.http;

import dev.rocket.auth.Caller;
import dev.rocket.error.ApiException;
import dev.rocket.error.Details;
import dev.rocket.error.ErrorCode;
import dev.rocket.json.Json;
import dev.rocket.tenancy.AppContext;
import dev.rocket.tenancy.AppDirectory;
import dev.rocket.workflow.WorkflowEngine;
import dev.rocket.workflow.WorkflowService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** {@code /api/{app}/_workflows}: pending approvals, instances, approve/reject (any authenticated user). */
@Singleton
@Path("/api/{app}/_workflows")
@Produces(MediaType.APPLICATION_JSON)
public class WorkflowsResource {
    /** Longest comment kept with an approval decision. */
    static final int MAX_COMMENT = 2000;

    private final AppDirectory apps;
    private final WorkflowService workflows;
    private final WorkflowEngine engine;
    private final Security security;
    private final Bodies bodies;

    @Inject
    public WorkflowsResource(AppDirectory apps, WorkflowService workflows, WorkflowEngine engine, Security security,
                             Bodies bodies) {
        this.apps = apps;
        this.workflows = workflows;
        this.engine = engine;
        this.security = security;
        this.bodies = bodies;
    }

    @GET
    @Path("pending")
    public Map<String, Object> pending(@PathParam("app") String appName, @Context HttpHeaders h) {
        AppContext app = apps.require(appName);
        Caller caller = security.app(app, h);
        return Envelope.data(workflows.pending(app, app.registry(), caller));
    }

    @GET
    @Path("{id}")
    public Map<String, Object> instance(@PathParam("app") String appName, @PathParam("id") String id,
                                        @Context HttpHeaders h) {
        AppContext app = apps.require(appName);
        security.app(app, h);
        return Envelope.data(workflows.instance(app, id));
    }

    @POST
    @Path("{id}/approve")
    public Map<String, Object> approve(@PathParam("app") String appName, @PathParam("id") String id,
                                       @Context HttpHeaders h, InputStream body) {
        AppContext app = apps.require(appName);
        Caller caller = security.app(app, h);
        byte[] raw = bodies.bytes(body);
        return Envelope.data(engine.decide(app, app.registry(), caller, id, true, () -> comment(raw)));
    }

    @POST
    @Path("{id}/reject")
    public Map<String, Object> reject(@PathParam("app") String appName, @PathParam("id") String id,
                                       @Context HttpHeaders h, InputStream body) {
        AppContext app = apps.require(appName);
        Caller caller = security.app(app, h);
        byte[] raw = bodies.bytes(body);
        return Envelope.data(engine.decide(app, app.registry(), caller, id, false, () -> comment(raw)));
    }

    /**
     * The optional body of approve/reject: none (or only whitespace) or {@code {"comment": "..."}}; the
     * comment may be null or left out. Anything else is a 400 (bad JSON, other keys) or 422 (not a string,
     * too long).
     */
    static String comment(byte[] raw) {
        if (new String(raw, StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        Map<String, Object> in = Json.parseObject(raw);
        for (String k : in.keySet()) {
            if (!"comment".equals(k)) {
                throw new ApiException(ErrorCode.UNKNOWN_FIELD, "Unknown key in decision: " + k + " (allowed: comment)");
            }
        }
        Object c = in.get("comment");
        if (c == null) {
            return null;
        }
        if (!(c instanceof String s)) {
            throw ApiException.validation("Invalid decision", List.of(Details.of("comment", "type", "comment must be a string")));
        }
        if (s.length() > MAX_COMMENT) {
            throw ApiException.validation("Invalid decision", List.of(Details.of("comment", "max_length",
                    "comment is longer than " + MAX_COMMENT + " characters")));
        }
        return s.isBlank() ? null : s;
    }
}
