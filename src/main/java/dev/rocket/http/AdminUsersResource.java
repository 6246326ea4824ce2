package dev.rocket.http;

import dev.rocket.auth.UserService;
import dev.rocket.tenancy.AppContext;
import dev.rocket.tenancy.ClusterEvents;
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

/** {@code /api/{app}/_admin/users}: admin only. */
@Singleton
@Path("/api/{app}/_admin/users")
@Produces(MediaType.APPLICATION_JSON)
public class AdminUsersResource {
    private final AdminGate gate;
    private final Bodies bodies;
    private final ClusterEvents cluster;

    @Inject
    public AdminUsersResource(AdminGate gate, Bodies bodies, ClusterEvents cluster) {
        this.gate = gate;
        this.bodies = bodies;
        this.cluster = cluster;
    }

    @GET
    public Map<String, Object> list(@PathParam("app") String appName, @Context HttpHeaders headers) {
        return Envelope.data(UserService.list(gate.app(appName, headers).dataSource()));
    }

    @POST
    public Response create(@PathParam("app") String appName, @Context HttpHeaders headers, InputStream body) {
        AppContext app = gate.app(appName, headers);
        return Response.status(201).entity(Envelope.data(UserService.create(app.dataSource(), bodies.object(body)))).build();
    }

    @GET
    @Path("{id}")
    public Map<String, Object> get(@PathParam("app") String appName, @PathParam("id") String id,
                                   @Context HttpHeaders headers) {
        return Envelope.data(UserService.get(gate.app(appName, headers).dataSource(), id));
    }

    @PUT
    @Path("{id}")
    public Map<String, Object> update(@PathParam("app") String appName, @PathParam("id") String id,
                                      @Context HttpHeaders headers, InputStream body) {
        AppContext app = gate.app(appName, headers);
        Map<String, Object> row = UserService.update(app.dataSource(), id, bodies.object(body));
        cluster.userChanged(app, id);
        return Envelope.data(row);
    }

    @DELETE
    @Path("{id}")
    public Map<String, Object> delete(@PathParam("app") String appName, @PathParam("id") String id,
                                      @Context HttpHeaders headers) {
        AppContext app = gate.app(appName, headers);
        UserService.delete(app.dataSource(), id);
        cluster.userChanged(app, id);
        return Envelope.deleted("id", id);
    }
}
