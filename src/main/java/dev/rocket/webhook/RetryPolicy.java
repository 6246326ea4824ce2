package dev.rocket.webhook;

/**
 * What follows an attempt (docs/webhooks.md#deliveries-retries-and-logs-after_write-after_delete): success → delivered; failure → failed once
 * {@code attempt >= max_attempts}, else retrying after {@code base × 2^(attempt-1)} seconds
 * (exponential: 30, 60, 120 … with the default base) or {@code base} seconds (linear).
 */
public final class RetryPolicy {
    public static final String DELIVERED = "delivered";
    public static final String RETRYING = "retrying";
    public static final String FAILED = "failed";
    public static final String PENDING = "pending";
    /** Longest delay between two attempts: one day. */
    public static final long MAX_DELAY_SECONDS = 86_400;

    private final long baseSeconds;

    public RetryPolicy(long baseSeconds) {
        if (baseSeconds < 1) {
            throw new IllegalArgumentException("base delay must be at least one second");
        }
        this.baseSeconds = baseSeconds;
    }

    /** The state after attempt number {@code attempt} (1 for the first delivery). */
    public record Next(String status, Long delaySeconds) {
    }

    public Next after(boolean success, int attempt, int maxAttempts, String backoff) {
        if (success) {
            return new Next(DELIVERED, null);
        }
        if (attempt >= maxAttempts) {
            return new Next(FAILED, null);
        }
        return new Next(RETRYING, delaySeconds(backoff, attempt));
    }

    /** Delay after failed attempt number {@code attempt} (≥ 1). */
    public long delaySeconds(String backoff, int attempt) {
        if ("linear".equals(backoff)) {
            return Math.min(baseSeconds, MAX_DELAY_SECONDS);
        }
        int exponent = Math.max(0, Math.min(attempt - 1, 40));
        long factor = 1L << exponent;
        if (baseSeconds > MAX_DELAY_SECONDS / factor) {
            return MAX_DELAY_SECONDS;
        }
        return baseSeconds * factor;
    }
}
