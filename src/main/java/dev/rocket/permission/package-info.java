/** Whitelist permission policies: their definition kind, the row filters they add to read plans, write checks. */
package dev.rocket.permission;
