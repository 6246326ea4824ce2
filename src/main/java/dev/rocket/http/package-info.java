/** JAX-RS resources, filters, the single exception mapper and the wire envelopes. */
package dev.rocket.http;
