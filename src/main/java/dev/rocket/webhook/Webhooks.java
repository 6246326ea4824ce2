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
    private final WebhookLogService logs = new WebhookLogService();
    private final WebhookDispatcher dispatcher;
    private final WebhookListener listener;
    private final WebhookRetrier retrier;
    private final int retryIntervalSeconds;

    /**
     * @param transport every outbound call goes through it ({@link HttpTransport} in production)
     */
    public Webhooks(Settings settings, AppDirectory apps, WebhookTransport transport) {
        this.retryIntervalSeconds = settings.webhookRetryInterval();
        RetryPolicy policy = new RetryPolicy(settings.webhookRetryBaseSeconds());
        this.dispatcher = new WebhookDispatcher(transport, policy, limits(settings));
        this.listener = new WebhookListener(dispatcher);
        this.retrier = new WebhookRetrier(apps, dispatcher);
    }

    /**
     * Sender threads (default 8) and the share one app may occupy (default 2); synchronous calls per app (default
     * half the app pool, so slow hooks leave connections for the app's other requests) and their deadline.
     */
    static WebhookDispatcher.Limits limits(Settings settings) {
        return new WebhookDispatcher.Limits(settings.webhookSenders(), settings.webhookSendersPerApp(),
                settings.webhookSyncCallsPerApp(), syncTimeout(settings));
    }

    /**
     * Deadline of a call a request may wait for: a {@code before_*} hook (made inside the write's transaction) and a
     * workflow webhook step (made between two transactions of the instance, e.g. while an approval answers): default
     * 5 s, below the 10 s an app request waits for a pooled connection.
     */
    public static Duration syncTimeout(Settings settings) {
        return Duration.ofSeconds(settings.webhookSyncTimeoutSeconds());
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
