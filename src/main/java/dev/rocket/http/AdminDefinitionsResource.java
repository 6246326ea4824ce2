package dev.rocket.http;

import dev.rocket.admin.DefinitionStore;
import dev.rocket.admin.Definitions;
import dev.rocket.tenancy.AppContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Map;

/**
 * {@code /api/{app}/_admin/{kind}[/{key}]} for every definition kind (entities, relations, rules, state machines,
 * workflows, permissions, webhooks), admin only: list, create (201), get, replace, delete. Every answer about one
 * item is its stored row, whichever verb produced it.
 */
@Singleton
@Path("/api/{app}/_admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminDefinitionsResource {
    /** The kinds' paths, as a route pattern (a test keeps it equal to the registered kinds). */
    public static final String KINDS = "entities|relations|rules|state-machines|workflows|permissions|webhooks";
    private static final String KIND = "{kind: " + KINDS + "}";

    private final AdminGate gate;
    private final Bodies bodies;
    private final Definitions definitions;

    @Inject
    public AdminDefinitionsResource(AdminGate gate, Bodies bodies, Definitions definitions) {
        this.gate = gate;
        this.bodies = bodies;
        this.definitions = definitions;
    }

    @GET
    @Path(KIND)
    public Map<String, Object> list(@PathParam("app") String app, @PathParam("kind") String kind, @Context HttpHeaders h) {
        AppContext ctx = gate.app(app, h);
        return Envelope.data(definitions.at(kind).list(ctx));
    }

    @POST
    @Path(KIND)
    public Response create(@PathParam("app") String app, @PathParam("kind") String kind, @Context HttpHeaders h,
                           InputStream body) {
        AppContext ctx = gate.app(app, h);
        return Response.status(201).entity(Envelope.data(definitions.at(kind).create(ctx, bodies.object(body)))).build();
    }

    @GET
    @Path(KIND + "/{key}")
    public Map<String, Object> get(@PathParam("app") String app, @PathParam("kind") String kind,
                                   @PathParam("key") String key, @Context HttpHeaders h) {
        AppContext ctx = gate.app(app, h);
        return Envelope.data(definitions.at(kind).get(ctx, key));
    }

    @PUT
    @Path(KIND + "/{key}")
    public Map<String, Object> update(@PathParam("app") String app, @PathParam("kind") String kind,
                                      @PathParam("key") String key, @Context HttpHeaders h, InputStream body) {
        AppContext ctx = gate.app(app, h);
        return Envelope.data(definitions.at(kind).update(ctx, key, bodies.object(body)));
    }

    @DELETE
    @Path(KIND + "/{key}")
    public Map<String, Object> delete(@PathParam("app") String app, @PathParam("kind") String kind,
                                      @PathParam("key") String key, @Context HttpHeaders h) {
        AppContext ctx = gate.app(app, h);
        DefinitionStore store = definitions.at(kind);
        store.delete(ctx, key);
        return Envelope.deleted(store.key(), key);
    }
}
