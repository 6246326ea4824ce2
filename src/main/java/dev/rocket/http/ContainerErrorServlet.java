package dev.rocket.http;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Renders errors the container produces itself (bad request lines, oversized bodies …) as the JSON envelope. */
public class ContainerErrorServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
        Object s = req.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = s instanceof Integer i ? i : 500;
        String code;
        String message;
        switch (status) {
            case 400 -> { code = "INVALID_PAYLOAD"; message = "Bad request"; }
            case 401 -> { code = "UNAUTHORIZED"; message = "Unauthorized"; }
            case 403 -> { code = "FORBIDDEN"; message = "Forbidden"; }
            case 404 -> { code = "NOT_FOUND"; message = "Route not found"; }
            case 405 -> { code = "METHOD_NOT_ALLOWED"; message = "Method not allowed"; }
            case 413 -> { code = "PAYLOAD_TOO_LARGE"; message = "Request body too large"; }
            default -> {
                code = status >= 500 ? "INTERNAL_ERROR" : "INVALID_PAYLOAD";
                message = status >= 500 ? "Internal server error" : "Bad request";
            }
        }
        res.setStatus(status);
        res.setContentType("application/json");
        res.setCharacterEncoding("UTF-8");
        res.getWriter().write("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
    }
}
