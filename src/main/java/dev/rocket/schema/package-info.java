/** Metadata → DDL (additive migrator) and the Flyway migrations of the system tables. */
package dev.rocket.schema;
