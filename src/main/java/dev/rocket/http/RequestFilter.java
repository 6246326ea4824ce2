package dev.rocket.http;

import dev.rocket.files.UploadLimits;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * First and last step of every request: assigns the request id (echoed as {@code X-Request-Id}),
 * rejects declared bodies above the size limit before reading them, and marks responses as JSON.
 * Uploads ({@code POST /api/{app}/_files/upload}) have their own, larger limit (413 FILE_TOO_LARGE).
 */
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class RequestFilter implements ContainerRequestFilter, ContainerResponseFilter {
    public static final String REQUEST_ID = "rocket.requestId";

    private static final Pattern UPLOAD = Pattern.compile("/?api/[^/]+/_files/upload/?");

    private final Bodies bodies;
    private final UploadLimits uploads;

    public RequestFilter(Bodies bodies, UploadLimits uploads) {
        this.bodies = bodies;
        this.uploads = uploads;
    }

    @Override
    public void filter(ContainerRequestContext req) {
        req.setProperty(REQUEST_ID, newId());
        String len = req.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (len != null) {
            try {
                long n = Long.parseLong(len.trim());
                boolean upload = "POST".equals(req.getMethod()) && UPLOAD.matcher(req.getUriInfo().getPath()).matches();
                if (upload && n > uploads.maxRequestSize()) {
                    throw uploads.tooLarge(n);
                }
                if (!upload && n > bodies.maxBytes()) {
                    throw bodies.tooLarge();
                }
            } catch (NumberFormatException ignored) {
                // the container validates Content-Length
            }
        }
    }

    /** A request id: 16 hex digits at most, random. */
    static String newId() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    @Override
    public void filter(ContainerRequestContext req, ContainerResponseContext res) {
        Object id = req.getProperty(REQUEST_ID);
        if (id != null) {
            res.getHeaders().putSingle("X-Request-Id", id);
        }
    }
}
