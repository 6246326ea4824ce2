package dev.rocket.http;

import dev.rocket.tenancy.AppContext;
import dev.rocket.write.AuditQuery;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;

/** {@code GET /api/{app}/_admin/audit-log}: admin only. */
@Singleton
@Path("/api/{app}/_admin/audit-log")
@Produces(MediaType.APPLICATION_JSON)
public class AdminAuditResource {
    private final AdminGate gate;

    @Inject
    public AdminAuditResource(AdminGate gate) {
        this.gate = gate;
    }

    @GET
    public Map<String, Object> list(@PathParam("app") String appName, @Context HttpHeaders headers,
                                    @Context UriInfo uri) {
        AppContext app = gate.app(appName, headers);
        return AuditQuery.list(app.dataSource(), uri.getQueryParameters());
    }
}
