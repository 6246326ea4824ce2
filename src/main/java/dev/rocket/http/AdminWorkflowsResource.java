package dev.rocket.http;

import dev.rocket.Rocket;
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

/** {@code /api/{app}/_admin/workflows}: workflow definitions, admin only. */
@Singleton
@Path("/api/{app}/_admin/workflows")
@Produces(MediaType.APPLICATION_JSON)
public class AdminWorkflowsResource extends AdminSupport {
    @Inject
    public AdminWorkflowsResource(Rocket rocket, Security security, Bodies bodies) {
        super(rocket, security, bodies);
    }

    @GET
    public Map<String, Object> list(@PathParam("app") String app, @Context HttpHeaders h) {
        return Envelope.data(rocket.workflows().list(admin(app, h)));
    }

    @POST
    public Response create(@PathParam("app") String app, @Context HttpHeaders h, InputStream body) {
        AppContext ctx = admin(app, h);
        return Response.status(201).entity(Envelope.data(rocket.workflows().create(ctx, bodies.object(body)))).build();
    }

    @GET
    @Path("{id}")
    public Map<String, Object> get(@PathParam("app") String app, @PathParam("id") String id, @Context HttpHeaders h) {
        return Envelope.data(rocket.workflows().get(admin(app, h), id));
    }

    @PUT
    @Path("{id}")
    public Map<String, Object> update(@PathParam("app") String app, @PathParam("id") String id, @Context HttpHeaders h,
                                      InputStream body) {
        AppContext ctx = admin(app, h);
        return Envelope.data(rocket.workflows().update(ctx, id, bodies.object(body)));
    }

    @DELETE
    @Path("{id}")
    public Map<String, Object> delete(@PathParam("app") String app, @PathParam("id") String id, @Context HttpHeaders h) {
        rocket.workflows().delete(admin(app, h), id);
        return Envelope.deleted("id", id);
    }
}
