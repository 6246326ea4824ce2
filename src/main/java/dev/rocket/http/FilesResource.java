package dev.rocket.http;

import dev.rocket.auth.Caller;
import dev.rocket.files.FileNames;
import dev.rocket.files.FileService;
import dev.rocket.files.UploadRequest;
import dev.rocket.tenancy.AppContext;
import dev.rocket.tenancy.AppDirectory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.Map;

/**
 * {@code /api/{app}/_files}: upload and download for any authenticated user, list and delete for admins
 * (docs/files.md). The app is resolved first (404 APP_NOT_FOUND), then the token (401).
 */
@Singleton
@Path("/api/{app}/_files")
@Produces(MediaType.APPLICATION_JSON)
public class FilesResource {
    private final AppDirectory apps;
    private final Security security;
    private final AdminGate gate;
    private final FileService files;

    @Inject
    public FilesResource(AppDirectory apps, Security security, AdminGate gate, FileService files) {
        this.apps = apps;
        this.security = security;
        this.gate = gate;
        this.files = files;
    }

    @POST
    @Path("upload")
    public Response upload(@PathParam("app") String appName, @Context HttpHeaders headers, InputStream body) {
        AppContext app = apps.require(appName);
        Caller caller = security.app(app, headers);
        UploadRequest req = new UploadRequest(headers.getHeaderString(HttpHeaders.CONTENT_TYPE), contentLength(headers), body);
        return Response.status(201).entity(Envelope.data(
                files.upload(app.name(), app.dataSource(), caller.id(), req))).build();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.WILDCARD)
    public Response download(@PathParam("app") String appName, @PathParam("id") String id, @Context HttpHeaders headers) {
        AppContext app = apps.require(appName);
        security.app(app, headers);
        FileService.Download d = files.open(app.dataSource(), id);
        return Response.ok(d.content())
                .header(HttpHeaders.CONTENT_TYPE, d.mimeType())
                .header(HttpHeaders.CONTENT_LENGTH, d.size())
                .header("Content-Disposition", FileNames.contentDisposition(d.filename(), d.mimeType()))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "default-src 'none'; sandbox")
                .build();
    }

    @DELETE
    @Path("{id}")
    public Map<String, Object> delete(@PathParam("app") String appName, @PathParam("id") String id,
                                      @Context HttpHeaders headers) {
        AppContext app = gate.app(appName, headers);
        return Envelope.data(files.delete(app.dataSource(), id));
    }

    @GET
    public Map<String, Object> list(@PathParam("app") String appName, @Context HttpHeaders headers) {
        return Envelope.data(files.list(gate.app(appName, headers).dataSource()));
    }

    private static long contentLength(HttpHeaders headers) {
        String len = headers.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        try {
            return len == null ? -1 : Long.parseLong(len.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
