package dev.rocket.webhook;

import dev.rocket.config.Settings;
import dev.rocket.error.ApiException;
import dev.rocket.error.Details;
import dev.rocket.outbound.AddressPolicy;
import dev.rocket.outbound.OutboundUrls;
import dev.rocket.tenancy.AppDirectory;
import dev.rocket.write.WriteListener;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * The webhook capability wired together: the delivery log service, the write listener, the dispatcher, the retry task. The
 * outbound transport is shared with the workflows' webhook steps and owned by the caller.
 */
public final class Webhooks implements AutoCloseable {
    public static final String RETRY_INTERVAL = "ROCKET_WEBHOOK_RETRY_INTERVAL";
    public static final String RETRY_BASE_SECONDS = "ROCKET_WEBHOOK_RETRY_BASE_SECONDS";
    public static final String SENDERS = "ROCKET_WEBHOOK_SENDERS";
    public static final String SENDERS_PER_APP = "ROCKET_WEBHOOK_SENDERS_PER_APP";
    public static final String SYNC_CALLS_PER_APP = "ROCKET_WEBHOOK_SYNC_CALLS_PER_APP";
    public static final String SYNC_TIMEOUT_SECONDS = "ROCKET_WEBHOOK_SYNC_TIMEOUT_SECONDS";

    private final WebhookLogService logs = new WebhookLogService();
    private final WebhookDispatcher dispatcher;
    private final WebhookListener listener;
    private final WebhookRetrier retrier;
    private final int retryIntervalSeconds;

    /**
     * @param transport every outbound call goes through it ({@link HttpTransport} in production)
     */
    public Webhooks(Settings settings, AppDirectory apps, WebhookTransport transport) {
        this.retryIntervalSeconds = Math.max(1, settings.getInt(RETRY_INTERVAL, 15));
        RetryPolicy policy = new RetryPolicy(Math.max(1, settings.getLong(RETRY_BASE_SECONDS, 30)));
        this.dispatcher = new WebhookDispatcher(transport, policy, limits(settings));
        this.listener = new WebhookListener(dispatcher);
        this.retrier = new WebhookRetrier(apps, dispatcher);
    }

    /**
     * Sender threads (default 8) and the share one app may occupy (default 2); synchronous calls per app (default
     * half the app pool, so slow hooks leave connections for the app's other requests) and their deadline.
     */
    static WebhookDispatcher.Limits limits(Settings settings) {
        return new WebhookDispatcher.Limits(Math.max(1, settings.getInt(SENDERS, 8)),
                Math.max(1, settings.getInt(SENDERS_PER_APP, 2)),
                Math.max(1, settings.getInt(SYNC_CALLS_PER_APP, settings.appPoolSize() / 2)), syncTimeout(settings));
    }

    /**
     * Deadline of a call made inside a transaction (a {@code before_*} hook, a workflow webhook step): default 5 s,
     * below the 10 s an app request waits for a pooled connection.
     */
    public static Duration syncTimeout(Settings settings) {
        return Duration.ofSeconds(Math.max(1, settings.getLong(SYNC_TIMEOUT_SECONDS, 5)));
    }

    /**
     * The admin API's check of a webhook beyond its definition: a URL whose host is an address outbound calls may not
     * reach is refused (422) up front.
     */
    public static Consumer<WebhookDef> refusedTargets(AddressPolicy targets) {
        return w -> {
            if (targets.refusesLiteral(OutboundUrls.host(w.url()))) {
                throw ApiException.validation("Validation failed",
                        List.of(Details.of("url", null, "url targets an address outbound calls may not reach")));
            }
        };
    }

    public WebhookLogService logs() {
        return logs;
    }

    /** Register with {@code WriteService.addListener}. */
    public WriteListener listener() {
        return listener;
    }

    /** The retry task, to run every {@link #retryIntervalSeconds()} on the clustered scheduler. */
    public Runnable retrier() {
        return retrier;
    }

    public int retryIntervalSeconds() {
        return retryIntervalSeconds;
    }

    @Override
    public void close() {
        retrier.stop();
        dispatcher.close();
    }
}
