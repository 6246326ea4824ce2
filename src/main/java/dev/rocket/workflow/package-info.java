/**
 * Workflows: definitions, the engine (triggers, steps, approvals, timeouts) and their APIs (SPEC §9). Starts and
 * webhook calls go through an outbox ({@code _workflow_outbox}) written in the committing transaction and are made
 * after commit, or by the retry task when their node could not.
 */
package dev.rocket.workflow;
