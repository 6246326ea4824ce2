package dev.rocket.http;

import dev.rocket.Rocket;
import dev.rocket.error.ApiException;
import dev.rocket.tenancy.AppContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.Map;

/** {@code GET /api/{app}/_admin/export} and {@code POST /api/{app}/_admin/import[?dry_run=true]}: admin only. */
@Singleton
@Path("/api/{app}/_admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminTransferResource extends AdminSupport {
    @Inject
    public AdminTransferResource(Rocket rocket, Security security, Bodies bodies) {
        super(rocket, security, bodies);
    }

    @GET
    @Path("export")
    public Map<String, Object> export(@PathParam("app") String appName, @Context HttpHeaders h) {
        AppContext app = admin(appName, h);
        return Envelope.data(rocket.exports().export(app));
    }

    @POST
    @Path("import")
    public Map<String, Object> importDoc(@PathParam("app") String appName, @QueryParam("dry_run") String dryRun,
            @Context HttpHeaders h, InputStream body) {
        AppContext app = admin(appName, h);
        boolean dry = dryRun != null && (dryRun.equalsIgnoreCase("true") || dryRun.equals("1"));
        if (dryRun != null && !dry && !dryRun.equalsIgnoreCase("false") && !dryRun.equals("0")) {
            throw ApiException.validation("dry_run must be true or false");
        }
        return Envelope.data(rocket.imports().importDoc(app, bodies.object(body), dry));
    }
}
