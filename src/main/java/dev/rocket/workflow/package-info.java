/** Workflows: their definition kind, the engine (triggers, steps, approvals, timeouts) and the runtime reads. */
package dev.rocket.workflow;
