package dev.rocket.http;

import dev.rocket.tenancy.AppContext;
import dev.rocket.tenancy.AppDirectory;
import jakarta.ws.rs.core.HttpHeaders;

/** The gate of every admin-only app route: the app is resolved first (404 APP_NOT_FOUND), then an admin token (401/403). */
public final class AdminGate {
    private final AppDirectory apps;
    private final Security security;

    public AdminGate(AppDirectory apps, Security security) {
        this.apps = apps;
        this.security = security;
    }

    /** The app, once the caller is known to be one of its admins. */
    public AppContext app(String appName, HttpHeaders headers) {
        AppContext app = apps.require(appName);
        security.appAdmin(app, headers);
        return app;
    }
}
