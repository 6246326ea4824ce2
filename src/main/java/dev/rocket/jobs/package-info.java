/**
 * Scheduled work: one Quartz scheduler per node with the JDBC job store in the management database
 * ({@code isClustered=true}, so each firing runs on exactly one node, and nothing is lost with a node).
 * Tasks are plain {@link java.lang.Runnable}s registered by name ({@link dev.rocket.jobs.Jobs#every});
 * the Quartz tables come from the management migration {@code V3__quartz.sql}.
 */
package dev.rocket.jobs;
