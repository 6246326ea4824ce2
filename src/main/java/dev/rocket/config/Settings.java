package dev.rocket.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rocket's settings, all in this one file: every {@code ROCKET_*} name, its default and its accessor. Each is read
 * from a JVM system property of that name, then from the environment. Every setting is documented in the README's
 * settings table (a test keeps the two equal). Built once at startup and handed to what needs it.
 */
public final class Settings {
    // ---------------------------------------------------------------- databases and pools
    public static final String DB_URL = "ROCKET_DB_URL";
    public static final String DB_USER = "ROCKET_DB_USER";
    public static final String DB_PASSWORD = "ROCKET_DB_PASSWORD";
    public static final String DATA_DIR = "ROCKET_DATA_DIR";
    public static final String EMBEDDED_DB_PORT = "ROCKET_EMBEDDED_DB_PORT";
    public static final String DB_POOL_SIZE = "ROCKET_DB_POOL_SIZE";
    public static final String APP_POOL_SIZE = "ROCKET_APP_POOL_SIZE";
    public static final String APP_POOL_IDLE_CLOSE = "ROCKET_APP_POOL_IDLE_CLOSE";
    public static final String MAX_CONNECTIONS = "ROCKET_MAX_CONNECTIONS";
    public static final String DB_PLAN_CACHE_MODE = "ROCKET_DB_PLAN_CACHE_MODE";
    public static final String DB_RANDOM_PAGE_COST = "ROCKET_DB_RANDOM_PAGE_COST";
    public static final String COUNT_CACHE_SECONDS = "ROCKET_COUNT_CACHE_SECONDS";
    public static final String STOP_TIMEOUT = "ROCKET_STOP_TIMEOUT";
    public static final String EXIT_ON_START_FAILURE = "ROCKET_EXIT_ON_START_FAILURE";
    // ---------------------------------------------------------------- platform, tokens, logins
    public static final String PLATFORM_JWT_SECRET = "ROCKET_PLATFORM_JWT_SECRET";
    public static final String PLATFORM_ADMIN_EMAIL = "ROCKET_PLATFORM_ADMIN_EMAIL";
    public static final String PLATFORM_ADMIN_PASSWORD = "ROCKET_PLATFORM_ADMIN_PASSWORD";
    public static final String ACCESS_TOKEN_TTL = "ROCKET_ACCESS_TOKEN_TTL";
    public static final String REFRESH_TOKEN_TTL = "ROCKET_REFRESH_TOKEN_TTL";
    public static final String LOGIN_MAX_FAILURES = "ROCKET_LOGIN_MAX_FAILURES";
    public static final String LOGIN_WINDOW_SECONDS = "ROCKET_LOGIN_WINDOW_SECONDS";
    public static final String TRUSTED_PROXIES = "ROCKET_TRUSTED_PROXIES";
    // ---------------------------------------------------------------- requests and files
    public static final String MAX_BODY_SIZE = "ROCKET_MAX_BODY_SIZE";
    public static final String BODY_TIMEOUT = "ROCKET_BODY_TIMEOUT";
    public static final String MAX_FILE_SIZE = "ROCKET_MAX_FILE_SIZE";
    public static final String STORAGE_DRIVER = "ROCKET_STORAGE_DRIVER";
    public static final String STORAGE_PATH = "ROCKET_STORAGE_PATH";
    // ---------------------------------------------------------------- background work and outbound calls
    public static final String WEBHOOK_RETRY_INTERVAL = "ROCKET_WEBHOOK_RETRY_INTERVAL";
    public static final String WEBHOOK_RETRY_BASE_SECONDS = "ROCKET_WEBHOOK_RETRY_BASE_SECONDS";
    public static final String WEBHOOK_SENDERS = "ROCKET_WEBHOOK_SENDERS";
    public static final String WEBHOOK_SENDERS_PER_APP = "ROCKET_WEBHOOK_SENDERS_PER_APP";
    public static final String WEBHOOK_SYNC_CALLS_PER_APP = "ROCKET_WEBHOOK_SYNC_CALLS_PER_APP";
    public static final String WEBHOOK_SYNC_TIMEOUT_SECONDS = "ROCKET_WEBHOOK_SYNC_TIMEOUT_SECONDS";
    public static final String WEBHOOK_ALLOWED_NETWORKS = "ROCKET_WEBHOOK_ALLOWED_NETWORKS";
    public static final String WORKFLOW_TIMEOUT_INTERVAL = "ROCKET_WORKFLOW_TIMEOUT_INTERVAL";
    public static final String TABLE_MAINTENANCE_INTERVAL = "ROCKET_TABLE_MAINTENANCE_INTERVAL";
    /**
     * Not a setting: the prefix of the environment variables (never system properties) that webhook header
     * templates may read ({@code {{env.ROCKET_HOOK_NAME}}}); see {@code webhook.HeaderTemplates}.
     */
    public static final String HOOK_PREFIX = "ROCKET_HOOK_";
    /**
     * The prefix of the settings holding passwords of app databases on other PostgreSQL servers: an app created
     * with a JDBC URL names one of them in {@code db_password_setting}.
     */
    public static final String APPDB_PREFIX = "ROCKET_APPDB_";

    /** Every setting's name, in the order of the constants above. */
    public static final List<String> NAMES = List.of(DB_URL, DB_USER, DB_PASSWORD, DATA_DIR, EMBEDDED_DB_PORT,
            DB_POOL_SIZE, APP_POOL_SIZE, APP_POOL_IDLE_CLOSE, MAX_CONNECTIONS, DB_PLAN_CACHE_MODE, DB_RANDOM_PAGE_COST,
            COUNT_CACHE_SECONDS, STOP_TIMEOUT, EXIT_ON_START_FAILURE,
            PLATFORM_JWT_SECRET, PLATFORM_ADMIN_EMAIL, PLATFORM_ADMIN_PASSWORD, ACCESS_TOKEN_TTL, REFRESH_TOKEN_TTL,
            LOGIN_MAX_FAILURES, LOGIN_WINDOW_SECONDS, TRUSTED_PROXIES, MAX_BODY_SIZE, BODY_TIMEOUT, MAX_FILE_SIZE,
            STORAGE_DRIVER, STORAGE_PATH, WEBHOOK_RETRY_INTERVAL, WEBHOOK_RETRY_BASE_SECONDS, WEBHOOK_SENDERS,
            WEBHOOK_SENDERS_PER_APP, WEBHOOK_SYNC_CALLS_PER_APP, WEBHOOK_SYNC_TIMEOUT_SECONDS, WEBHOOK_ALLOWED_NETWORKS,
            WORKFLOW_TIMEOUT_INTERVAL, TABLE_MAINTENANCE_INTERVAL);

    private final Map<String, String> env;

    public Settings() {
        this(System.getenv());
    }

    Settings(Map<String, String> env) {
        this.env = env;
    }

    public Optional<String> get(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            v = env.get(name);
        }
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String get(String name, String fallback) {
        return get(name).orElse(fallback);
    }

    public int getInt(String name, int fallback) {
        return get(name).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalStateException("Setting " + name + " must be an integer, got: " + v, e);
            }
        }).orElse(fallback);
    }

    public long getLong(String name, long fallback) {
        return get(name).map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalStateException("Setting " + name + " must be an integer, got: " + v, e);
            }
        }).orElse(fallback);
    }

    // ---------------------------------------------------------------- databases and pools

    /** JDBC URL of the management database; none means JNDI or the embedded development database. */
    public Optional<String> dbUrl() {
        return get(DB_URL);
    }

    /** Database user when set (with JNDI, the DataSource's otherwise). */
    public Optional<String> dbUser() {
        return get(DB_USER);
    }

    /** Database password when set (with JNDI, the DataSource's otherwise). */
    public Optional<String> dbPassword() {
        return get(DB_PASSWORD);
    }

    /** Where the embedded development database (and, by default, uploads) live: {@code ~/.rocket}. */
    public Path dataDir() {
        return Path.of(get(DATA_DIR, System.getProperty("user.home") + "/.rocket"));
    }

    /** Port of the embedded database; 0 = a free one. */
    public int embeddedDbPort() {
        return getInt(EMBEDDED_DB_PORT, 0);
    }

    public int managementPoolSize() {
        return getInt(DB_POOL_SIZE, 10);
    }

    public int appPoolSize() {
        return getInt(APP_POOL_SIZE, 10);
    }

    /** Seconds after which an app pool no request used is closed (at least 1). */
    public long appPoolIdleCloseSeconds() {
        return Math.max(1, getLong(APP_POOL_IDLE_CLOSE, 600));
    }

    /** Seconds a stop waits for requests in flight (at least 1). */
    public int stopTimeoutSeconds() {
        return Math.max(1, getInt(STOP_TIMEOUT, 10));
    }

    /** Whether a failed start ends the JVM (set by {@code mvn cargo:run}) instead of leaving a dead application. */
    public boolean exitOnStartFailure() {
        return Boolean.parseBoolean(get(EXIT_ON_START_FAILURE).orElse("false"));
    }

    /** Seconds a kept list total may stand for writes made outside Rocket (0: always count). */
    public long countCacheSeconds() {
        return Math.max(0, getLong(COUNT_CACHE_SECONDS, 5));
    }

    /** This node's connection cap when set; else it is worked out from the server's {@code max_connections}. */
    public Optional<Integer> maxConnections() {
        return get(MAX_CONNECTIONS).map(v -> getInt(MAX_CONNECTIONS, 0));
    }

    /** {@code plan_cache_mode} of Rocket's connections: PostgreSQL's own {@code auto} unless set. */
    public String planCacheMode() {
        return get(DB_PLAN_CACHE_MODE, "auto");
    }

    /** {@code random_page_cost} of Rocket's connections; {@code server} keeps the server's. */
    public String randomPageCost() {
        return get(DB_RANDOM_PAGE_COST, "1.1");
    }

    // ---------------------------------------------------------------- platform, tokens, logins

    public Optional<String> platformJwtSecret() {
        return get(PLATFORM_JWT_SECRET);
    }

    /** The first platform admin's e-mail when set. */
    public Optional<String> platformAdminEmail() {
        return get(PLATFORM_ADMIN_EMAIL);
    }

    /** The first platform admin's password when set. */
    public Optional<String> platformAdminPassword() {
        return get(PLATFORM_ADMIN_PASSWORD);
    }

    public long accessTokenTtlSeconds() {
        return getLong(ACCESS_TOKEN_TTL, 900);
    }

    public long refreshTokenTtlSeconds() {
        return getLong(REFRESH_TOKEN_TTL, 604_800);
    }

    /** Failed password checks allowed per e-mail and client in a window; 0 disables throttling. */
    public int loginMaxFailures() {
        return getInt(LOGIN_MAX_FAILURES, 10);
    }

    public long loginWindowSeconds() {
        return getLong(LOGIN_WINDOW_SECONDS, 900);
    }

    /** Reverse proxies whose forwarding headers are believed (comma-separated); empty = none. */
    public String trustedProxies() {
        return get(TRUSTED_PROXIES, "");
    }

    // ---------------------------------------------------------------- requests and files

    public int maxBodySize() {
        return getInt(MAX_BODY_SIZE, 1_048_576);
    }

    /** Seconds within which a request body must have arrived. */
    public long bodyTimeoutSeconds() {
        return getLong(BODY_TIMEOUT, 30);
    }

    public long maxFileSize() {
        return getLong(MAX_FILE_SIZE, 10_485_760);
    }

    public String storageDriver() {
        return get(STORAGE_DRIVER, "local");
    }

    /** Root of the local file storage: {@value #STORAGE_PATH}, else {@code uploads} in the data directory. */
    public Path storagePath() {
        return get(STORAGE_PATH).map(Path::of).orElseGet(() -> dataDir().resolve("uploads"));
    }

    // ---------------------------------------------------------------- background work and outbound calls

    /** Seconds between two runs of the webhook retry task (at least 1). */
    public int webhookRetryInterval() {
        return Math.max(1, getInt(WEBHOOK_RETRY_INTERVAL, 15));
    }

    /** Base delay of webhook retries in seconds (at least 1). */
    public long webhookRetryBaseSeconds() {
        return Math.max(1, getLong(WEBHOOK_RETRY_BASE_SECONDS, 30));
    }

    public int webhookSenders() {
        return Math.max(1, getInt(WEBHOOK_SENDERS, 8));
    }

    public int webhookSendersPerApp() {
        return Math.max(1, getInt(WEBHOOK_SENDERS_PER_APP, 2));
    }

    /** Synchronous webhook calls one app may have in flight: half its pool by default. */
    public int webhookSyncCallsPerApp() {
        return Math.max(1, getInt(WEBHOOK_SYNC_CALLS_PER_APP, appPoolSize() / 2));
    }

    /** Deadline of a call made inside a transaction, in seconds (at least 1). */
    public long webhookSyncTimeoutSeconds() {
        return Math.max(1, getLong(WEBHOOK_SYNC_TIMEOUT_SECONDS, 5));
    }

    /** Networks and hosts outbound calls may reach although they are private (comma-separated); empty = none. */
    public String webhookAllowedNetworks() {
        return get(WEBHOOK_ALLOWED_NETWORKS, "");
    }

    /** Seconds between two sweeps for workflow approvals past their deadline. */
    public int workflowTimeoutInterval() {
        return getInt(WORKFLOW_TIMEOUT_INTERVAL, 60);
    }

    /** Seconds between two runs of Rocket's own table maintenance (only with autovacuum off). */
    public int tableMaintenanceInterval() {
        return getInt(TABLE_MAINTENANCE_INTERVAL, 60);
    }
}
