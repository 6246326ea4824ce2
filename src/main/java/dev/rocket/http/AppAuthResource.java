package dev.rocket.http;

import dev.rocket.auth.AuthService;
import dev.rocket.auth.Caller;
import dev.rocket.auth.UserTables;
import dev.rocket.error.ApiException;
import dev.rocket.tenancy.AppContext;
import dev.rocket.tenancy.AppDirectory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.Map;

/** {@code /api/{app}/auth/login|refresh|logout|password} against the app's own users. */
@Singleton
@Path("/api/{app}/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AppAuthResource {
    private final AppDirectory apps;
    private final AuthService auth;
    private final Bodies bodies;
    private final TrustedProxies proxies;
    private final Security security;

    @Inject
    public AppAuthResource(AppDirectory apps, AuthService auth, Bodies bodies, TrustedProxies proxies,
                           Security security) {
        this.apps = apps;
        this.auth = auth;
        this.bodies = bodies;
        this.proxies = proxies;
        this.security = security;
    }

    @POST
    @Path("login")
    public Map<String, Object> login(@PathParam("app") String appName, @Context HttpServletRequest request,
                                     InputStream body) {
        AppContext app = apps.require(appName);
        return Envelope.data(auth.login(app.dataSource(), UserTables.APP, app.tokens(), bodies.object(body),
                proxies.clientOf(request)));
    }

    @POST
    @Path("refresh")
    public Map<String, Object> refresh(@PathParam("app") String appName, InputStream body) {
        AppContext app = apps.require(appName);
        return Envelope.data(auth.refresh(app.dataSource(), UserTables.APP, app.tokens(), bodies.object(body)));
    }

    @POST
    @Path("logout")
    public Map<String, Object> logout(@PathParam("app") String appName, InputStream body) {
        AppContext app = apps.require(appName);
        auth.logout(app.dataSource(), UserTables.APP, bodies.object(body));
        return Envelope.message("Logged out");
    }

    /** The signed-in app user changes their own password; answers with a new token pair. */
    @POST
    @Path("password")
    public Map<String, Object> changePassword(@PathParam("app") String appName, @Context HttpServletRequest request,
                                              InputStream body) {
        AppContext app = apps.require(appName);
        Caller caller = security.app(app, CurrentRequest.authorization());
        if (caller.platform()) {
            throw ApiException.forbidden("Platform users change their password at /api/_platform/auth/password");
        }
        return Envelope.data(auth.changePassword(app.dataSource(), UserTables.APP, app.tokens(), caller.id(),
                bodies.object(body), proxies.clientOf(request)));
    }
}
