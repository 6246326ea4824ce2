/**
 * Reads of entity records, the application service of the read path: permission scope, plan, SQL and includes
 * put together in one unit of work. Sits above {@code query} and {@code permission}, which do not know it.
 */
package dev.rocket.read;
