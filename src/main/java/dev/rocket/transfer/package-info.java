/** Schema export and atomic, idempotent import of an app's metadata and sample data (SPEC §15). */
package dev.rocket.transfer;
