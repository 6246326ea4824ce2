/**
 * Which targets Rocket's outbound HTTP calls (webhooks, state-machine webhook actions, workflow webhook steps)
 * may reach: the {@link dev.rocket.outbound.AddressPolicy} (no loopback, private, link-local, unique-local,
 * multicast or unspecified addresses unless {@code ROCKET_WEBHOOK_ALLOWED_NETWORKS} admits them), the
 * {@link dev.rocket.outbound.GuardedDnsResolver} that applies it to the addresses a call actually connects to,
 * and {@link dev.rocket.outbound.OutboundUrls}, the check of a URL when it is defined.
 */
package dev.rocket.outbound;
