package dev.rocket.http;

import dev.rocket.Rocket;
import dev.rocket.tenancy.AppContext;
import dev.rocket.webhook.WebhookLogService;
import dev.rocket.webhook.WebhookService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Map;

/** {@code /api/{app}/_admin/webhooks} and {@code /_admin/webhook-logs}: admin only. */
@Singleton
@Path("/api/{app}/_admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminWebhooksResource extends AdminSupport {
    @Inject
    public AdminWebhooksResource(Rocket rocket, Security security, Bodies bodies) {
        super(rocket, security, bodies);
    }

    private WebhookService webhooks() {
        return rocket.webhooks().service();
    }

    private WebhookLogService logs() {
        return rocket.webhooks().logs();
    }

    @GET
    @Path("webhooks")
    public Map<String, Object> list(@PathParam("app") String app, @Context HttpHeaders h) {
        return Envelope.data(webhooks().list(admin(app, h)));
    }

    @POST
    @Path("webhooks")
    public Response create(@PathParam("app") String app, @Context HttpHeaders h, InputStream body) {
        AppContext ctx = admin(app, h);
        return Response.status(201).entity(Envelope.data(webhooks().create(ctx, bodies.object(body)))).build();
    }

    @GET
    @Path("webhooks/{id}")
    public Map<String, Object> get(@PathParam("app") String app, @PathParam("id") String id, @Context HttpHeaders h) {
        return Envelope.data(webhooks().get(admin(app, h), id));
    }

    @PUT
    @Path("webhooks/{id}")
    public Map<String, Object> update(@PathParam("app") String app, @PathParam("id") String id,
                                      @Context HttpHeaders h, InputStream body) {
        AppContext ctx = admin(app, h);
        return Envelope.data(webhooks().update(ctx, id, bodies.object(body)));
    }

    @DELETE
    @Path("webhooks/{id}")
    public Map<String, Object> delete(@PathParam("app") String app, @PathParam("id") String id, @Context HttpHeaders h) {
        webhooks().delete(admin(app, h), id);
        return Envelope.deleted("id", id);
    }

    @GET
    @Path("webhook-logs")
    public Map<String, Object> logs(@PathParam("app") String app, @Context HttpHeaders h,
                                    @QueryParam("webhook_id") String webhookId, @QueryParam("status") String status,
                                    @QueryParam("entity") String entity) {
        return Envelope.data(logs().list(admin(app, h), webhookId, status, entity));
    }

    @GET
    @Path("webhook-logs/{id}")
    public Map<String, Object> log(@PathParam("app") String app, @PathParam("id") String id, @Context HttpHeaders h) {
        return Envelope.data(logs().get(admin(app, h), id));
    }

    @POST
    @Path("webhook-logs/{id}/retry")
    public Map<String, Object> retry(@PathParam("app") String app, @PathParam("id") String id, @Context HttpHeaders h) {
        return Envelope.data(logs().retry(admin(app, h), id));
    }
}
