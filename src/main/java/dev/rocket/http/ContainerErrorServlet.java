package dev.rocket.http;

import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The web application's error page ({@code /_rocket_error} in {@code web.xml}): renders the errors the
 * container raises inside Rocket's context, outside Jersey, as the JSON envelope — the static admin UI's
 * 404/405, an exception escaping a servlet filter. Errors the container raises before a request is mapped to
 * Rocket (malformed request line, headers over the size limit, {@code %2F} or {@code %00} in the path) never
 * reach it; see {@code deploy/tomcat/README.md} for the server-level error pages.
 */
public class ContainerErrorServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Object s = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        ErrorResponses.write(res, error(s instanceof Integer i ? i : 500));
    }

    static ApiException error(int status) {
        return switch (status) {
            case 400 -> ApiException.badPayload("Bad request");
            case 401 -> ApiException.unauthorized("Unauthorized");
            case 403 -> ApiException.forbidden("Forbidden");
            case 404 -> ApiException.notFound("Route not found");
            case 405 -> new ApiException(ErrorCode.METHOD_NOT_ALLOWED, "Method not allowed");
            case 408 -> new ApiException(ErrorCode.REQUEST_TIMEOUT, "Request timed out");
            case 413 -> new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "Request body too large");
            case 503 -> new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "Service unavailable");
            default -> status >= 500 ? new ApiException(ErrorCode.INTERNAL_ERROR, "Internal server error")
                    : ApiException.badPayload("Bad request");
        };
    }
}
