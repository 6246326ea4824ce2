package dev.rocket.http;

import dev.rocket.error.ApiException;
import dev.rocket.json.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Writes the JSON error envelope straight to a servlet response, for the answers given outside Jersey: the
 * servlet filters in front of it and the container's own error page.
 */
final class ErrorResponses {
    private ErrorResponses() {
    }

    /** The envelope, with an {@code X-Request-Id} like every other answer (a fresh one if none is set yet). */
    static void write(HttpServletResponse res, ApiException error) throws IOException {
        if (!res.containsHeader("X-Request-Id")) {
            res.setHeader("X-Request-Id", RequestFilter.newId());
        }
        res.setStatus(error.code().status());
        res.setContentType("application/json");
        res.setCharacterEncoding("UTF-8");
        error.headers().forEach(res::setHeader);
        res.getWriter().write(Json.write(ErrorMapper.envelope(error)));
    }
}
