/** Writes: payload planning and validation (diff / replace / append), execution, cascading deletes, audit log. */
package dev.rocket.write;
