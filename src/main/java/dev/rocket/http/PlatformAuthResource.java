package dev.rocket.http;

import dev.rocket.auth.AuthService;
import dev.rocket.auth.Caller;
import dev.rocket.auth.UserTables;
import dev.rocket.tenancy.PlatformService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.Map;

/** {@code /api/_platform/auth/login|refresh|logout|password} against the platform users. */
@Singleton
@Path("/api/_platform/auth")
@Produces(MediaType.APPLICATION_JSON)
public class PlatformAuthResource {
    private final PlatformService platform;
    private final AuthService auth;
    private final Bodies bodies;
    private final TrustedProxies proxies;
    private final Security security;

    @Inject
    public PlatformAuthResource(PlatformService platform, AuthService auth, Bodies bodies, TrustedProxies proxies,
                                Security security) {
        this.platform = platform;
        this.auth = auth;
        this.bodies = bodies;
        this.proxies = proxies;
        this.security = security;
    }

    @POST
    @Path("login")
    public Map<String, Object> login(@Context HttpServletRequest request, InputStream body) {
        return Envelope.data(auth.login(platform.dataSource(), UserTables.PLATFORM,
                platform.tokens(), bodies.object(body), proxies.clientOf(request)));
    }

    @POST
    @Path("refresh")
    public Map<String, Object> refresh(InputStream body) {
        return Envelope.data(auth.refresh(platform.dataSource(), UserTables.PLATFORM,
                platform.tokens(), bodies.object(body)));
    }

    @POST
    @Path("logout")
    public Map<String, Object> logout(InputStream body) {
        auth.logout(platform.dataSource(), UserTables.PLATFORM, bodies.object(body));
        return Envelope.message("Logged out");
    }

    /** The signed-in platform user changes their own password; answers with a new token pair. */
    @POST
    @Path("password")
    public Map<String, Object> changePassword(@Context HttpHeaders headers, @Context HttpServletRequest request,
                                              InputStream body) {
        Caller caller = security.platform(headers);
        return Envelope.data(auth.changePassword(platform.dataSource(), UserTables.PLATFORM,
                platform.tokens(), caller.id(), bodies.object(body), proxies.clientOf(request)));
    }
}
