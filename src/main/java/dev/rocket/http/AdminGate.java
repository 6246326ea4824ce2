package dev.rocket.http;

import dev.rocket.auth.Caller;
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

    /** The app and its admin making the request (for routes that record who acted). */
    public Admitted admit(String appName, HttpHeaders headers) {
        AppContext app = apps.require(appName);
        return new Admitted(app, security.appAdmin(app, headers));
    }

    /** An app and the admin admitted to it. */
    public record Admitted(AppContext app, Caller caller) {
    }
}
