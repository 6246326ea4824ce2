package dev.rocket.http;

import dev.rocket.error.ApiException;
import dev.rocket.tenancy.AppContext;
import dev.rocket.transfer.ExportService;
import dev.rocket.transfer.ImportService;
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
public class AdminTransferResource {
    private final AdminGate gate;
    private final Bodies bodies;
    private final ExportService exports;
    private final ImportService imports;

    @Inject
    public AdminTransferResource(AdminGate gate, Bodies bodies, ExportService exports, ImportService imports) {
        this.gate = gate;
        this.bodies = bodies;
        this.exports = exports;
        this.imports = imports;
    }

    @GET
    @Path("export")
    public Map<String, Object> export(@PathParam("app") String appName, @Context HttpHeaders h) {
        AppContext app = gate.app(appName, h);
        return Envelope.data(exports.export(app));
    }

    @POST
    @Path("import")
    public Map<String, Object> importDoc(@PathParam("app") String appName, @QueryParam("dry_run") String dryRun,
            @Context HttpHeaders h, InputStream body) {
        AdminGate.Admitted admitted = gate.admit(appName, h);
        boolean dry = dryRun != null && (dryRun.equalsIgnoreCase("true") || dryRun.equals("1"));
        if (dryRun != null && !dry && !dryRun.equalsIgnoreCase("false") && !dryRun.equals("0")) {
            throw ApiException.validation("dry_run must be true or false");
        }
        return Envelope.data(imports.importDoc(admitted.app(), bodies.object(body), dry, admitted.caller().id()));
    }
}
