package dev.rocket.auth;

/** The table names of one user store: an app's {@code _users} or the platform's {@code _platform_users}. */
public record UserTables(String users, String refreshTokens, String loginFailures) {
    public static final UserTables APP = new UserTables("_users", "_refresh_tokens", "_login_failures");
    public static final UserTables PLATFORM =
            new UserTables("_platform_users", "_platform_refresh_tokens", "_platform_login_failures");
}
