/**
 * Webhooks: their definition kind ({@link dev.rocket.webhook.WebhookKind}, validated by
 * {@link dev.rocket.webhook.WebhookParser}), the delivery-log API, payloads and header templates, the write listener that calls
 * {@code before_*} hooks inside the write transaction (within the app's sync slots and the sync deadline) and
 * puts {@code after_*} deliveries into the {@code _webhook_logs} outbox, the after-commit dispatcher on sender
 * lanes shared fairly by the apps, and the retry task that the clustered Quartz scheduler
 * ({@code dev.rocket.jobs}) runs. State-machine {@code webhook} actions are sent through the same transport after
 * commit. {@link dev.rocket.webhook.HttpTransport} makes every outbound HTTP call of Rocket (workflow webhook
 * steps too, after their instance's transaction committed), to the targets {@code dev.rocket.outbound} admits. What
 * one write attempt leaves for after commit lives in its {@link dev.rocket.write.WriteUnit}.
 */
package dev.rocket.webhook;
