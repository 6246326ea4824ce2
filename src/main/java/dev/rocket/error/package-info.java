/** The error catalogue ({@link dev.rocket.error.ErrorCode}), the one API exception and the SQLSTATE table. */
package dev.rocket.error;
