/** Reads: plans, SQL rendering (text + binds), includes, counting. */
package dev.rocket.query;
