/** Entity, field and relation definitions, their validation, value coercion and the per-app registry snapshot. */
package dev.rocket.metadata;
