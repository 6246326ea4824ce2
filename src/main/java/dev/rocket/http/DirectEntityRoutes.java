package dev.rocket.http;

import dev.rocket.error.ApiException;
import dev.rocket.json.Json;
import dev.rocket.metadata.Names;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The entity routes ({@code GET|POST /api/{app}/{entity}}, {@code GET|PUT|DELETE /api/{app}/{entity}/{id}}),
 * the API's hot path, answered straight from the servlet filter: the same {@link EntityResource} methods,
 * the same error envelope and {@code X-Request-Id}, without JAX-RS routing, injection and message-body
 * lookup around them (a third of the server's CPU on a read by id).
 *
 * <p>Only plainly spelled requests take this way: path segments of letters, digits, {@code _} and {@code -}
 * (nothing percent-encoded, no trailing slash), an entity name that is not a reserved route
 * ({@code auth}, {@code _files}, …) and an {@code Accept} header that admits JSON. Anything else — HEAD,
 * OPTIONS, other methods, unusual paths or media types — goes through Jersey, which answers it exactly as
 * before; both ways run the same resource code.
 */
final class DirectEntityRoutes {
    private static final Logger LOG = Logger.getLogger(DirectEntityRoutes.class.getName());

    private final EntityResource entities;
    private final Bodies bodies;

    DirectEntityRoutes(EntityResource entities, Bodies bodies) {
        this.entities = entities;
        this.bodies = bodies;
    }

    /** Answers the request if it is an entity route this class takes; false leaves it to Jersey. */
    boolean serve(HttpServletRequest req, HttpServletResponse res) throws IOException {
        String method = req.getMethod();
        boolean get = "GET".equals(method);
        if (!get && !"POST".equals(method) && !"PUT".equals(method) && !"DELETE".equals(method)) {
            return false;
        }
        String[] seg = segments(req);
        if (seg == null || !acceptsJson(req.getHeader("Accept"))) {
            return false;
        }
        boolean one = seg.length == 4;
        if (one ? "POST".equals(method) : !get && !"POST".equals(method)) {
            return false; // 405: Jersey says which methods are allowed
        }
        String id = RequestFilter.newId();
        res.setHeader("X-Request-Id", id);
        Object body;
        int status = 200;
        try {
            if (!get) {
                checkDeclaredLength(req);
            }
            String app = seg[1];
            String entity = seg[2];
            if (get) {
                body = one ? entities.get(app, entity, seg[3]) : entities.list(app, entity);
            } else if ("POST".equals(method)) {
                Response r = entities.create(app, entity, req.getInputStream());
                status = r.getStatus();
                body = r.getEntity();
            } else if ("PUT".equals(method)) {
                body = entities.update(app, entity, seg[3], req.getInputStream());
            } else {
                body = entities.delete(app, entity, seg[3]);
            }
        } catch (RuntimeException | IOException e) {
            ApiException api = ErrorMapper.known(e);
            ErrorResponses.write(res, api != null ? api : ErrorMapper.unexpected(e, id));
            return true;
        }
        byte[] json = Json.MAPPER.writeValueAsBytes(body);
        res.setStatus(status);
        res.setContentType("application/json");
        res.setContentLength(json.length);
        try {
            res.getOutputStream().write(json);
        } catch (IOException e) {
            LOG.log(Level.FINE, "client closed the connection", e);
        }
        return true;
    }

    /** A declared body above the limit is refused before anything else, as {@link RequestFilter} does. */
    private void checkDeclaredLength(HttpServletRequest req) {
        String len = req.getHeader("Content-Length");
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

    /**
     * {@code ["api", app, entity]} or {@code ["api", app, entity, id]} from the raw request URI; null when the
     * path is anything else or spelled in a way only Jersey should interpret.
     */
    static String[] segments(HttpServletRequest req) {
        String uri = req.getRequestURI();
        String ctx = req.getContextPath();
        if (uri == null || !uri.startsWith(ctx)) {
            return null;
        }
        int from = ctx.length();
        if (!uri.startsWith("/api/", from)) {
            return null;
        }
        String[] seg = new String[4];
        seg[0] = "api";
        int n = 1;
        int start = from + 5;
        for (int i = start; i <= uri.length(); i++) {
            if (i == uri.length() || uri.charAt(i) == '/') {
                if (i == start || n == 4) {
                    return null; // empty segment (trailing or double slash), or too many
                }
                seg[n++] = uri.substring(start, i);
                start = i + 1;
            } else if (!plain(uri.charAt(i))) {
                return null;
            }
        }
        if (n < 3 || seg[1].charAt(0) == '_' || Names.isReservedEntity(seg[2])) {
            return null;
        }
        return n == 4 ? seg : new String[] {seg[0], seg[1], seg[2]};
    }

    private static boolean plain(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    /**
     * Whether a response in {@code application/json} is acceptable: no header, or a media range
     * {@code *}{@code /*}, {@code application/*} or {@code application/json} without {@code q=0}. Anything
     * subtler is left to Jersey's content negotiation.
     */
    static boolean acceptsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
            if (!type.equals("*/*") && !type.equals("application/*") && !type.equals("application/json")) {
                continue;
            }
            if (parts.length == 1) {
                return true;
            }
            if (parts.length == 2 && parts[1].trim().replace(" ", "").matches("q=(1(\\.0*)?|0?\\.\\d*[1-9]\\d*)")) {
                return true;
            }
        }
        return false;
    }
}
