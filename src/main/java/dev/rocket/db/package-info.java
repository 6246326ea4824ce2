/** Pools, the JDBC executor ({@link dev.rocket.db.Jdbc}), {@link dev.rocket.db.SqlFragment} and transactions. */
package dev.rocket.db;
