package dev.rocket.http;

import dev.rocket.auth.Caller;
import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import dev.rocket.metadata.EntityDef;
import dev.rocket.metadata.Registry;
import dev.rocket.permission.Permissions;
import dev.rocket.read.ReadService;
import dev.rocket.request.ReadRequest;
import dev.rocket.request.RequestParser;
import dev.rocket.tenancy.AppContext;
import dev.rocket.tenancy.AppDirectory;
import dev.rocket.write.WriteService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/{app}/{entity}[/{id}]}: the dynamic entity routes. Headers and query come from
 * {@link CurrentRequest} (no per-call {@code @Context} injection on this hot path).
 */
@Singleton
@Path("/api/{app}/{entity}")
@Produces(MediaType.APPLICATION_JSON)
public class EntityResource {
    private final AppDirectory apps;
    private final WriteService writes;
    private final Security security;
    private final Bodies bodies;

    @Inject
    public EntityResource(AppDirectory apps, WriteService writes, Security security, Bodies bodies) {
        this.apps = apps;
        this.writes = writes;
        this.security = security;
        this.bodies = bodies;
    }

    /**
     * Resolution order: app (404 APP_NOT_FOUND) → token (401) → entity (404 UNKNOWN_ENTITY) → the caller's
     * right to the action (403), before the query string or body is read.
     */
    private record Target(AppContext app, Caller caller, Registry registry, EntityDef entity) {
    }

    private Target target(String appName, String entity, String action) {
        AppContext app = apps.require(appName);
        Caller caller = security.app(app, CurrentRequest.authorization());
        Registry reg = app.registry();
        EntityDef e = reg.entity(entity);
        if (e == null) {
            throw new ApiException(ErrorCode.UNKNOWN_ENTITY, "Unknown entity: " + entity);
        }
        Permissions.requireAction(reg, caller, e, action);
        return new Target(app, caller, reg, e);
    }

    @GET
    public Map<String, Object> list(@PathParam("app") String app, @PathParam("entity") String entity) {
        Target t = target(app, entity, "read");
        ReadRequest req = RequestParser.parse(CurrentRequest.query());
        return ReadService.list(t.app().dataSource(), t.app().counts(), t.registry(), t.caller(), t.entity(), req);
    }

    @POST
    public Response create(@PathParam("app") String app, @PathParam("entity") String entity,
                           InputStream body) {
        Target t = target(app, entity, "create");
        Map<String, Object> payload = bodies.object(body);
        return Response.status(201).entity(Envelope.data(
                writes.create(t.app(), t.registry(), t.caller(), t.entity(), payload))).build();
    }

    @GET
    @Path("{id}")
    public Map<String, Object> get(@PathParam("app") String app, @PathParam("entity") String entity,
                                   @PathParam("id") String id) {
        Target t = target(app, entity, "read");
        ReadRequest req = RequestParser.parse(CurrentRequest.query());
        return Envelope.data(ReadService.get(t.app().dataSource(), t.registry(), t.caller(), t.entity(), id,
                req.include(), req.fields()));
    }

    @PUT
    @Path("{id}")
    public Map<String, Object> update(@PathParam("app") String app, @PathParam("entity") String entity,
                                      @PathParam("id") String id, InputStream body) {
        Target t = target(app, entity, "update");
        Map<String, Object> payload = bodies.object(body);
        return Envelope.data(writes.update(t.app(), t.registry(), t.caller(), t.entity(), id, payload));
    }

    @DELETE
    @Path("{id}")
    public Map<String, Object> delete(@PathParam("app") String app, @PathParam("entity") String entity,
                                      @PathParam("id") String id) {
        Target t = target(app, entity, "delete");
        return Envelope.data(writes.delete(t.app(), t.registry(), t.caller(), t.entity(), id));
    }
}
