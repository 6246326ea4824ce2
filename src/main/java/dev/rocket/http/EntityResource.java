package dev.rocket.http;

import dev.rocket.Rocket;
import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import dev.rocket.tenancy.AppContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code /api/{app}/{entity}[/{id}]}: the dynamic entity routes. */
@Path("/api/{app}/{entity}")
@Produces(MediaType.APPLICATION_JSON)
public class EntityResource {
    private final Rocket rocket;
    private final Security security;

    @Inject
    public EntityResource(Rocket rocket, Security security) {
        this.rocket = rocket;
        this.security = security;
    }

    @GET
    public Map<String, Object> list(@PathParam("app") String appName, @PathParam("entity") String entity,
                                    @Context HttpHeaders headers) {
        AppContext app = rocket.apps().require(appName);
        security.app(app, headers);
        throw new ApiException(ErrorCode.UNKNOWN_ENTITY, "Unknown entity: " + entity);
    }
}
