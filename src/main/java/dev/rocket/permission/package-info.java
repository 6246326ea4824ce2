/** Whitelist permission policies and the row filters they inject into read plans. */
package dev.rocket.permission;
