package dev.rocket.http;

import dev.rocket.webhook.WebhookLogService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code /api/{app}/_admin/webhook-logs}: delivery logs and manual retries, admin only. */
@Singleton
@Path("/api/{app}/_admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminWebhooksResource {
    private final AdminGate gate;
    private final WebhookLogService logs;

    @Inject
    public AdminWebhooksResource(AdminGate gate, WebhookLogService logs) {
        this.gate = gate;
        this.logs = logs;
    }

    @GET
    @Path("webhook-logs")
    public Map<String, Object> logs(@PathParam("app") String app, @Context HttpHeaders h,
                                    @QueryParam("webhook_id") String webhookId, @QueryParam("status") String status,
                                    @QueryParam("entity") String entity) {
        return Envelope.data(logs.list(gate.app(app, h), webhookId, status, entity));
    }

    @GET
    @Path("webhook-logs/{id}")
    public Map<String, Object> log(@PathParam("app") String app, @PathParam("id") String id, @Context HttpHeaders h) {
        return Envelope.data(logs.get(gate.app(app, h), id));
    }

    @POST
    @Path("webhook-logs/{id}/retry")
    public Map<String, Object> retry(@PathParam("app") String app, @PathParam("id") String id, @Context HttpHeaders h) {
        return Envelope.data(logs.retry(gate.app(app, h), id));
    }
}
