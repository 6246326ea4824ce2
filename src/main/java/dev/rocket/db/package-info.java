/**
 * Pools, the JDBC executor ({@link dev.rocket.db.Jdbc}), {@link dev.rocket.db.SqlFragment} and transactions. App
 * pools ({@link dev.rocket.db.LazyPool}) open on first use, may be closed whenever idle, and take their
 * physical connections from the node's {@link dev.rocket.db.ConnectionBudget}.
 */
package dev.rocket.db;
