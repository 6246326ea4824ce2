/** Export of an app's definitions (a section per kind) and their atomic, idempotent import with sample data. */
package dev.rocket.transfer;
