package dev.rocket.config;

import java.util.Map;
import java.util.Optional;

/**
 * Rocket's settings: each {@code ROCKET_*} name is read from a JVM system property of that name, then
 * from the environment. Every setting and its default is documented in the README.
 */
public final class Settings {
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

    public int maxBodySize() {
        return getInt("ROCKET_MAX_BODY_SIZE", 1_048_576);
    }

    public int managementPoolSize() {
        return getInt("ROCKET_DB_POOL_SIZE", 10);
    }

    public int appPoolSize() {
        return getInt("ROCKET_APP_POOL_SIZE", 10);
    }

    public long accessTokenTtlSeconds() {
        return getLong("ROCKET_ACCESS_TOKEN_TTL", 900);
    }

    public long refreshTokenTtlSeconds() {
        return getLong("ROCKET_REFRESH_TOKEN_TTL", 604_800);
    }
}
