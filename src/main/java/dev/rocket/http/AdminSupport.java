package dev.rocket.http;

import dev.rocket.Rocket;
import dev.rocket.tenancy.AppContext;
import jakarta.ws.rs.core.HttpHeaders;

/** What every {@code /api/{app}/_admin/*} resource needs: the runtime, bodies, and the admin gate. */
abstract class AdminSupport {
    protected final Rocket rocket;
    protected final Security security;
    protected final Bodies bodies;

    protected AdminSupport(Rocket rocket, Security security, Bodies bodies) {
        this.rocket = rocket;
        this.security = security;
        this.bodies = bodies;
    }

    /** Resolves the app (404 APP_NOT_FOUND), then requires an admin token (401/403). */
    protected AppContext admin(String appName, HttpHeaders headers) {
        AppContext app = rocket.apps().require(appName);
        security.appAdmin(app, headers);
        return app;
    }
}
