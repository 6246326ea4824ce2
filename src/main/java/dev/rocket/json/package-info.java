/** The one Jackson configuration ({@link dev.rocket.json.Json}), used by every layer; depends only on {@code error}. */
package dev.rocket.json;
