package dev.rocket.http;

import dev.rocket.Rocket;
import dev.rocket.admin.MetadataService;
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

/** {@code /api/{app}/_admin/entities} and {@code /_admin/relations}: metadata, admin only. */
@Singleton
@Path("/api/{app}/_admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminEntitiesResource extends AdminSupport {
    @Inject
    public AdminEntitiesResource(Rocket rocket, Security security, Bodies bodies) {
        super(rocket, security, bodies);
    }

    private MetadataService meta() {
        return rocket.metadata();
    }

    @GET
    @Path("entities")
    public Map<String, Object> listEntities(@PathParam("app") String app, @Context HttpHeaders h) {
        return Envelope.data(meta().listEntities(admin(app, h)));
    }

    @POST
    @Path("entities")
    public Response createEntity(@PathParam("app") String app, @Context HttpHeaders h, InputStream body) {
        AppContext ctx = admin(app, h);
        return Response.status(201).entity(Envelope.data(meta().createEntity(ctx, bodies.object(body)))).build();
    }

    @GET
    @Path("entities/{name}")
    public Map<String, Object> getEntity(@PathParam("app") String app, @PathParam("name") String name,
                                         @Context HttpHeaders h) {
        return Envelope.data(meta().getEntity(admin(app, h), name));
    }

    @PUT
    @Path("entities/{name}")
    public Map<String, Object> updateEntity(@PathParam("app") String app, @PathParam("name") String name,
                                            @Context HttpHeaders h, InputStream body) {
        AppContext ctx = admin(app, h);
        return Envelope.data(meta().updateEntity(ctx, name, bodies.object(body)));
    }

    @DELETE
    @Path("entities/{name}")
    public Map<String, Object> deleteEntity(@PathParam("app") String app, @PathParam("name") String name,
                                            @Context HttpHeaders h) {
        meta().deleteEntity(admin(app, h), name);
        return Envelope.deleted("name", name);
    }

    @GET
    @Path("relations")
    public Map<String, Object> listRelations(@PathParam("app") String app, @Context HttpHeaders h) {
        return Envelope.data(meta().listRelations(admin(app, h)));
    }

    @POST
    @Path("relations")
    public Response createRelation(@PathParam("app") String app, @Context HttpHeaders h, InputStream body) {
        AppContext ctx = admin(app, h);
        return Response.status(201).entity(Envelope.data(meta().createRelation(ctx, bodies.object(body)))).build();
    }

    @GET
    @Path("relations/{name}")
    public Map<String, Object> getRelation(@PathParam("app") String app, @PathParam("name") String name,
                                           @Context HttpHeaders h) {
        return Envelope.data(meta().getRelation(admin(app, h), name));
    }

    @PUT
    @Path("relations/{name}")
    public Map<String, Object> updateRelation(@PathParam("app") String app, @PathParam("name") String name,
                                              @Context HttpHeaders h, InputStream body) {
        AppContext ctx = admin(app, h);
        return Envelope.data(meta().updateRelation(ctx, name, bodies.object(body)));
    }

    @DELETE
    @Path("relations/{name}")
    public Map<String, Object> deleteRelation(@PathParam("app") String app, @PathParam("name") String name,
                                              @Context HttpHeaders h) {
        meta().deleteRelation(admin(app, h), name);
        return Envelope.deleted("name", name);
    }
}
