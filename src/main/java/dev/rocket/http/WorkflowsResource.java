package dev.rocket.http;

import dev.rocket.Rocket;
import dev.rocket.auth.Caller;
import dev.rocket.tenancy.AppContext;
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
import java.util.Map;

/** {@code /api/{app}/_workflows}: pending approvals, instances, approve/reject (any authenticated user). */
@Singleton
@Path("/api/{app}/_workflows")
@Produces(MediaType.APPLICATION_JSON)
public class WorkflowsResource {
    private final Rocket rocket;
    private final Security security;

    @Inject
    public WorkflowsResource(Rocket rocket, Security security) {
        this.rocket = rocket;
        this.security = security;
    }

    @GET
    @Path("pending")
    public Map<String, Object> pending(@PathParam("app") String appName, @Context HttpHeaders h) {
        AppContext app = rocket.apps().require(appName);
        Caller caller = security.app(app, h);
        return Envelope.data(rocket.workflows().pending(app, app.registry(), caller));
    }

    @GET
    @Path("{id}")
    public Map<String, Object> instance(@PathParam("app") String appName, @PathParam("id") String id,
                                        @Context HttpHeaders h) {
        AppContext app = rocket.apps().require(appName);
        security.app(app, h);
        return Envelope.data(rocket.workflows().instance(app, id));
    }

    @POST
    @Path("{id}/approve")
    public Map<String, Object> approve(@PathParam("app") String appName, @PathParam("id") String id,
                                       @Context HttpHeaders h) {
        AppContext app = rocket.apps().require(appName);
        Caller caller = security.app(app, h);
        return Envelope.data(rocket.workflowEngine().decide(app, app.registry(), caller, id, true));
    }

    @POST
    @Path("{id}/reject")
    public Map<String, Object> reject(@PathParam("app") String appName, @PathParam("id") String id,
                                      @Context HttpHeaders h) {
        AppContext app = rocket.apps().require(appName);
        Caller caller = security.app(app, h);
        return Envelope.data(rocket.workflowEngine().decide(app, app.registry(), caller, id, false));
    }
}
