/** Passwords (bcrypt), access tokens (JWT HS256), refresh tokens with rotation, callers. */
package dev.rocket.auth;
