package dev.rocket.http;

import dev.rocket.auth.Caller;
import dev.rocket.openapi.OpenApiBuilder;
import dev.rocket.tenancy.AppContext;
import dev.rocket.tenancy.AppDirectory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * {@code GET /api/{app}/_openapi}: the app's OpenAPI 3.1 document, built on every request from the registry
 * snapshot the request sees, so it follows metadata changes at once (docs/openapi.md). Any valid token of the
 * app, or a platform token, may read it; it lists the operations that caller may use.
 */
@Singleton
@Path("/api/{app}/_openapi")
@Produces(MediaType.APPLICATION_JSON)
public class OpenApiResource {
    private final AppDirectory apps;
    private final Security security;

    @Inject
    public OpenApiResource(AppDirectory apps, Security security) {
        this.apps = apps;
        this.security = security;
    }

    @GET
    public Map<String, Object> document(@PathParam("app") String appName, @Context HttpServletRequest request) {
        AppContext app = apps.require(appName);
        Caller caller = security.app(app, CurrentRequest.authorization());
        String server = request.getContextPath() + "/api/" + app.name();
        return new OpenApiBuilder(app.name(), server, app.registry(), caller).build();
    }
}
