/** Settings: {@code ROCKET_*} system properties and environment variables. */
package dev.rocket.config;
