/** Platform scope and apps: the catalogue, per-app contexts and pools, cross-node change notifications. */
package dev.rocket.tenancy;
