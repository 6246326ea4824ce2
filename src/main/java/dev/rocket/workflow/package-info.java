/** Workflows: definitions, the engine (triggers, steps, approvals, timeouts) and their APIs (SPEC §9). */
package dev.rocket.workflow;
