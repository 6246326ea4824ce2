package dev.rocket.http;

import dev.rocket.Rocket;
import dev.rocket.rules.LogicService;
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

/** {@code /api/{app}/_admin/rules} and {@code /_admin/state-machines}: admin only. */
@Singleton
@Path("/api/{app}/_admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminLogicResource extends AdminSupport {
    @Inject
    public AdminLogicResource(Rocket rocket, Security security, Bodies bodies) {
        super(rocket, security, bodies);
    }

    private LogicService logic() {
        return rocket.logic();
    }

    @GET
    @Path("rules")
    public Map<String, Object> listRules(@PathParam("app") String app, @Context HttpHeaders h) {
        return Envelope.data(logic().listRules(admin(app, h)));
    }

    @POST
    @Path("rules")
    public Response createRule(@PathParam("app") String app, @Context HttpHeaders h, InputStream body) {
        AppContext ctx = admin(app, h);
        return Response.status(201).entity(Envelope.data(logic().createRule(ctx, bodies.object(body)))).build();
    }

    @GET
    @Path("rules/{id}")
    public Map<String, Object> getRule(@PathParam("app") String app, @PathParam("id") String id, @Context HttpHeaders h) {
        return Envelope.data(logic().getRule(admin(app, h), id));
    }

    @PUT
    @Path("rules/{id}")
    public Map<String, Object> updateRule(@PathParam("app") String app, @PathParam("id") String id,
                                          @Context HttpHeaders h, InputStream body) {
        AppContext ctx = admin(app, h);
        return Envelope.data(logic().updateRule(ctx, id, bodies.object(body)));
    }

    @DELETE
    @Path("rules/{id}")
    public Map<String, Object> deleteRule(@PathParam("app") String app, @PathParam("id") String id, @Context HttpHeaders h) {
        logic().deleteRule(admin(app, h), id);
        return Envelope.deleted("id", id);
    }

    @GET
    @Path("state-machines")
    public Map<String, Object> listMachines(@PathParam("app") String app, @Context HttpHeaders h) {
        return Envelope.data(logic().listStateMachines(admin(app, h)));
    }

    @POST
    @Path("state-machines")
    public Response createMachine(@PathParam("app") String app, @Context HttpHeaders h, InputStream body) {
        AppContext ctx = admin(app, h);
        return Response.status(201).entity(Envelope.data(logic().createStateMachine(ctx, bodies.object(body)))).build();
    }

    @GET
    @Path("state-machines/{id}")
    public Map<String, Object> getMachine(@PathParam("app") String app, @PathParam("id") String id, @Context HttpHeaders h) {
        return Envelope.data(logic().getStateMachine(admin(app, h), id));
    }

    @PUT
    @Path("state-machines/{id}")
    public Map<String, Object> updateMachine(@PathParam("app") String app, @PathParam("id") String id,
                                             @Context HttpHeaders h, InputStream body) {
        AppContext ctx = admin(app, h);
        return Envelope.data(logic().updateStateMachine(ctx, id, bodies.object(body)));
    }

    @DELETE
    @Path("state-machines/{id}")
    public Map<String, Object> deleteMachine(@PathParam("app") String app, @PathParam("id") String id,
                                             @Context HttpHeaders h) {
        logic().deleteStateMachine(admin(app, h), id);
        return Envelope.deleted("id", id);
    }
}
