/**
 * Webhooks (SPEC §12): definitions and their validation ({@link dev.rocket.webhook.WebhookParser}), the
 * admin and delivery-log APIs, payloads and header templates, the write listener that calls
 * {@code before_*} hooks inside the write transaction and puts {@code after_*} deliveries into the
 * {@code _webhook_logs} outbox, the after-commit dispatcher, and the retry task that the clustered
 * Quartz scheduler ({@code dev.rocket.jobs}) runs. State-machine {@code webhook} actions are sent
 * through the same transport after commit.
 */
package dev.rocket.webhook;
