package dev.rocket.http;

import dev.rocket.db.Databases;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/** {@code GET /health}: 200 when the management database answers, 503 otherwise. */
@Singleton
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {
    private final Databases databases;

    @Inject
    public HealthResource(Databases databases) {
        this.databases = databases;
    }

    @GET
    public Response health() {
        try (Connection c = databases.management().getConnection()) {
            if (c.isValid(2)) {
                return Response.ok(Map.of("status", "ok")).build();
            }
        } catch (SQLException e) {
            // reported below
        }
        return Response.status(503).entity(Map.of("status", "unavailable",
                "error", Map.of("code", "SERVICE_UNAVAILABLE", "message", "Database unavailable"))).build();
    }
}
