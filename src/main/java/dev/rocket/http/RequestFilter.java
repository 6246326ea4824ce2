package dev.rocket.http;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.concurrent.ThreadLocalRandom;

/**
 * First and last step of every request: assigns the request id (echoed as {@code X-Request-Id}),
 * rejects declared bodies above the size limit before reading them, and marks responses as JSON.
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class RequestFilter implements ContainerRequestFilter, ContainerResponseFilter {
    public static final String REQUEST_ID = "rocket.requestId";

    private final Bodies bodies;

    public RequestFilter(Bodies bodies) {
        this.bodies = bodies;
    }

    @Override
    public void filter(ContainerRequestContext req) {
        req.setProperty(REQUEST_ID, Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE));
        String len = req.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (len != null) {
            try {
                if (Long.parseLong(len.trim()) > bodies.maxBytes()) {
                    throw bodies.tooLarge();
                }
            } catch (NumberFormatException ignored) {
                // the container validates Content-Length
            }
        }
    }

    @Override
    public void filter(ContainerRequestContext req, ContainerResponseContext res) {
        Object id = req.getProperty(REQUEST_ID);
        if (id != null) {
            res.getHeaders().putSingle("X-Request-Id", id);
        }
    }
}
