package dev.rocket.http;

import dev.rocket.Rocket;
import dev.rocket.db.Jdbc;
import dev.rocket.db.SqlFragment;
import dev.rocket.db.Tx;
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

/** {@code /api/{app}/_admin/entities}: entity metadata, admin only. */
@Path("/api/{app}/_admin/entities")
@Produces(MediaType.APPLICATION_JSON)
public class AdminEntitiesResource {
    private final Rocket rocket;
    private final Security security;

    @Inject
    public AdminEntitiesResource(Rocket rocket, Security security) {
        this.rocket = rocket;
        this.security = security;
    }

    @GET
    public Map<String, Object> list(@PathParam("app") String appName, @Context HttpHeaders headers) {
        AppContext app = rocket.apps().require(appName);
        security.appAdmin(app, headers);
        return Envelope.data(Tx.read(app.dataSource(), c -> Jdbc.query(c, SqlFragment.of(
                "SELECT name, table_name, definition, created_at, updated_at FROM _entities ORDER BY name"))));
    }
}
