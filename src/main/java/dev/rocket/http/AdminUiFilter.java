package dev.rocket.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Serves the admin UI (the Vite build packed under {@code /admin/} in the WAR) with the same behaviour on every
 * container, using only the Servlet API:
 * <ul>
 * <li>client-side routes ({@code /admin/apps/shop/entities/…}: no file, no extension) answer with
 * {@code index.html}; a missing asset stays a 404;</li>
 * <li>hashed assets under {@code /admin/assets/} are cached for a year ({@code immutable}); everything else,
 * {@code index.html} first, is {@code no-cache} with an ETag, so a new deployment is picked up at once;</li>
 * <li>the build writes a gzip copy ({@code x.js.gz}) beside each text asset; it is sent with
 * {@code Content-Encoding: gzip} to clients that accept gzip.</li>
 * </ul>
 * Only GET and HEAD are served. The API never reaches this filter (it is mapped to {@code /admin} only).
 */
public class AdminUiFilter implements Filter {

    static final String ROOT = "/admin";
    static final String INDEX = ROOT + "/index.html";
    static final String ASSETS = ROOT + "/assets/";
    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";
    /** The UI loads only its own scripts and styles and calls only this origin's API. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html;charset=UTF-8"),
            Map.entry("js", "text/javascript;charset=UTF-8"),
            Map.entry("mjs", "text/javascript;charset=UTF-8"),
            Map.entry("css", "text/css;charset=UTF-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("txt", "text/plain;charset=UTF-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("webp", "image/webp"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("woff", "font/woff"),
            Map.entry("gz", "application/gzip"));

    private ServletContext context;

    @Override
    public void init(FilterConfig config) {
        this.context = config.getServletContext();
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        String path = path(request);
        if (!path.equals(ROOT) && !path.startsWith(ROOT + "/")) {
            chain.doFilter(req, res);
            return;
        }
        String method = request.getMethod();
        boolean head = "HEAD".equals(method);
        if (!head && !"GET".equals(method)) {
            response.setHeader("Allow", "GET, HEAD");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        if (path.equals(ROOT)) {
            String query = request.getQueryString();
            response.sendRedirect(request.getContextPath() + ROOT + "/" + (query == null ? "" : "?" + query));
            return;
        }
        String file = resolve(path);
        if (file == null) {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
            return;
        }
        serve(file, request, response, head);
    }

    /** The file to send for a path under /admin/, or null for a 404. */
    String resolve(String path) {
        if (path.contains("..") || path.contains("\\") || path.contains("\0")) {
            return null;
        }
        if (path.equals(ROOT + "/")) {
            return exists(INDEX) ? INDEX : null;
        }
        if (!path.endsWith("/") && exists(path)) {
            return path;
        }
        return isClientRoute(path) && exists(INDEX) ? INDEX : null;
    }

    /** A route of the single-page app rather than a file: not under assets/, and no extension in its last segment. */
    static boolean isClientRoute(String path) {
        if (path.startsWith(ASSETS)) {
            return false;
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        return !last.contains(".");
    }

    private boolean exists(String file) {
        try {
            return context.getResource(file) != null;
        } catch (MalformedURLException e) {
            return false;
        }
    }

    private void serve(String file, HttpServletRequest request, HttpServletResponse response, boolean head) throws IOException {
        boolean compressible = exists(file + ".gz");
        boolean gzip = compressible && acceptsGzip(request.getHeader("Accept-Encoding"));
        byte[] body;
        try (InputStream in = context.getResourceAsStream(gzip ? file + ".gz" : file)) {
            if (in == null) {
                response.sendError(HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            body = in.readAllBytes();
        }
        response.setContentType(contentType(file));
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (compressible) {
            response.setHeader("Vary", "Accept-Encoding");
        }
        if (gzip) {
            response.setHeader("Content-Encoding", "gzip");
        }
        if (file.startsWith(ASSETS)) {
            response.setHeader("Cache-Control", IMMUTABLE);
        } else {
            response.setHeader("Cache-Control", REVALIDATE);
            if (file.equals(INDEX)) {
                response.setHeader("Content-Security-Policy", CSP);
                response.setHeader("Referrer-Policy", "no-referrer");
            }
        }
        String etag = etag(body, gzip);
        response.setHeader("ETag", etag);
        if (matches(request.getHeader("If-None-Match"), etag)) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentLength(body.length);
        if (!head) {
            response.getOutputStream().write(body);
        }
    }

    static String path(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String info = request.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (info == null ? "" : info);
        if (path.isEmpty()) {
            path = request.getRequestURI().substring(request.getContextPath().length());
        }
        return path;
    }

    static String contentType(String file) {
        String ext = file.substring(file.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    /** True when the header admits gzip (a {@code q=0} refuses it). */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] p = part.trim().split(";");
            String coding = p[0].trim().toLowerCase(Locale.ROOT);
            if (!coding.equals("gzip") && !coding.equals("*")) {
                continue;
            }
            for (int i = 1; i < p.length; i++) {
                String param = p[i].trim().toLowerCase(Locale.ROOT).replace(" ", "");
                if (param.startsWith("q=") && param.substring(2).matches("0(\\.0*)?")) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    static String etag(byte[] body, boolean gzip) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return "\"" + Long.toHexString(crc.getValue()) + "-" + Integer.toHexString(body.length) + (gzip ? "-gz" : "") + "\"";
    }

    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals(etag) || c.equals("*")) {
                return true;
            }
        }
        return false;
    }
}
