package dev.rocket.http;

import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.glassfish.jersey.uri.UriComponent;

/**
 * The servlet request served on this thread, bound by {@link ContentTypeGuard} (the first filter) for the
 * whole of its synchronous processing. The entity routes — the hot path — read their headers and query
 * string here instead of through {@code @Context} parameters, which Jersey resolves through HK2 on every
 * call.
 */
final class CurrentRequest {
    private static final ThreadLocal<HttpServletRequest> CURRENT = new ThreadLocal<>();

    private CurrentRequest() {
    }

    static void bind(HttpServletRequest req) {
        CURRENT.set(req);
    }

    static void unbind() {
        CURRENT.remove();
    }

    static HttpServletRequest get() {
        HttpServletRequest r = CURRENT.get();
        if (r == null) {
            throw new IllegalStateException("no request bound to this thread (is ContentTypeGuard mapped first?)");
        }
        return r;
    }

    /** Every {@code Authorization} header value, in order. */
    static List<String> authorization() {
        Enumeration<String> values = get().getHeaders("Authorization");
        return values == null ? List.of() : Collections.list(values);
    }

    /** The decoded query parameters, as Jersey's {@code UriInfo#getQueryParameters()} gives them. */
    static MultivaluedMap<String, String> query() {
        String q = get().getQueryString();
        if (q == null || q.isEmpty()) {
            return new MultivaluedHashMap<>();
        }
        try {
            return UriComponent.decodeQuery(q, true);
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.INVALID_PAYLOAD, "Malformed query string");
        }
    }
}
