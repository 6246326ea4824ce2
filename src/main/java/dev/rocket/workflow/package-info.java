/**
 * Workflows: their definition kind, the engine (triggers, steps, approvals, timeouts) and the runtime reads. Starts
 * and webhook calls go through an outbox ({@code _workflow_outbox}) written in the committing transaction and are
 * made after commit, or by the retry task when their node could not.
 */
package dev.rocket.workflow;
