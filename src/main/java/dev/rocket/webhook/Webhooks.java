package dev.rocket.webhook;

import dev.rocket.config.Settings;
import dev.rocket.expr.ExpressionEngine;
import dev.rocket.tenancy.AppContext;
import dev.rocket.tenancy.AppDirectory;
import dev.rocket.write.WriteListener;
import java.util.function.Consumer;
import javax.sql.DataSource;

/** The webhook capability wired together: admin services, the write listener, the dispatcher, the retry task. */
public final class Webhooks implements AutoCloseable {
    public static final String RETRY_INTERVAL = "ROCKET_WEBHOOK_RETRY_INTERVAL";
    public static final String RETRY_BASE_SECONDS = "ROCKET_WEBHOOK_RETRY_BASE_SECONDS";

    private final WebhookService service;
    private final WebhookLogService logs = new WebhookLogService();
    private final WebhookDispatcher dispatcher;
    private final WebhookListener listener;
    private final WebhookRetrier retrier;
    private final int retryIntervalSeconds;

    public Webhooks(Settings settings, ExpressionEngine engine, AppDirectory apps, DataSource management,
                    Consumer<AppContext> metadataChanged) {
        this.retryIntervalSeconds = Math.max(1, settings.getInt(RETRY_INTERVAL, 15));
        RetryPolicy policy = new RetryPolicy(Math.max(1, settings.getLong(RETRY_BASE_SECONDS, 30)));
        this.service = new WebhookService(engine, metadataChanged);
        this.dispatcher = new WebhookDispatcher(new HttpTransport(), policy);
        this.listener = new WebhookListener(dispatcher);
        this.retrier = new WebhookRetrier(apps, management, dispatcher);
    }

    public WebhookService service() {
        return service;
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
