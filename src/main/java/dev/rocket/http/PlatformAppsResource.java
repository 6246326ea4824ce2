package dev.rocket.http;

import dev.rocket.error.ApiException;
import dev.rocket.tenancy.AppService;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
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

/** {@code /api/_platform/apps}: the app catalogue, for platform tokens only. */
@Singleton
@Path("/api/_platform/apps")
@Produces(MediaType.APPLICATION_JSON)
public class PlatformAppsResource {
    private final AppService apps;
    private final Security security;
    private final Bodies bodies;

    @Inject
    public PlatformAppsResource(AppService apps, Security security, Bodies bodies) {
        this.apps = apps;
        this.security = security;
        this.bodies = bodies;
    }

    @GET
    public Map<String, Object> list(@Context HttpHeaders headers) {
        security.platform(headers);
        return Envelope.data(apps.list());
    }

    @POST
    public Response create(@Context HttpHeaders headers, InputStream body) {
        security.platform(headers);
        return Response.status(201).entity(Envelope.data(apps.create(bodies.object(body)))).build();
    }

    @GET
    @Path("{name}")
    public Map<String, Object> get(@Context HttpHeaders headers, @PathParam("name") String name) {
        security.platform(headers);
        return Envelope.data(apps.get(name));
    }

    @DELETE
    @Path("{name}")
    public Map<String, Object> delete(@Context HttpHeaders headers, @PathParam("name") String name,
                                      @QueryParam("drop_tables") String dropTables) {
        security.platform(headers);
        if (dropTables != null && !dropTables.equals("true") && !dropTables.equals("false")) {
            throw ApiException.badPayload("drop_tables must be true or false");
        }
        // an app on a data source of its own keeps its tables unless drop_tables=true (its own database is dropped)
        apps.delete(name, "true".equals(dropTables));
        return Envelope.message("App deleted");
    }
}
