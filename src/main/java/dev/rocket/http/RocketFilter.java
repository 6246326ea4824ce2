package dev.rocket.http;

import dev.rocket.Rocket;
import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * Jersey's servlet filter around {@link RocketApplication}, which owns Rocket's lifecycle in the web
 * application: the runtime starts with the filter (a failure fails the deployment), every request is
 * counted in and out so that a stop lets the requests in progress finish ({@link Rocket#close()}, bounded)
 * and answers new ones 503, and one line at start says where Rocket listens, which database it uses and
 * where the admin UI is. The entity routes are answered before Jersey ({@link DirectEntityRoutes}).
 */
public class RocketFilter extends ServletContainer {
    private static final Logger LOG = Logger.getLogger(RocketFilter.class.getName());
    private final transient Rocket rocket;
    private final transient DirectEntityRoutes direct;

    public RocketFilter() {
        this(new RocketApplication());
    }

    private RocketFilter(RocketApplication app) {
        super(app);
        this.rocket = app.rocket();
        this.direct = app.direct();
    }

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        super.init(filterConfig);
        String base = baseUrl(filterConfig.getServletContext().getContextPath());
        LOG.info(() -> "Rocket is ready at " + (base == null ? "this server's HTTP port, context path "
                + filterConfig.getServletContext().getContextPath() + "/" : base) + " — database: "
                + rocket.databases().description() + " — admin UI: "
                + (base == null ? "/admin/" : base + "admin/"));
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!rocket.enter()) {
            ErrorResponses.write((HttpServletResponse) response, new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                    "Rocket is stopping", List.of(), Map.of("Retry-After", "5", "Connection", "close"), null));
            return;
        }
        try {
            if (!(request instanceof HttpServletRequest req && direct.serve(req, (HttpServletResponse) response))) {
                super.doFilter(request, response, chain);
            }
        } finally {
            rocket.leave();
        }
    }

    /**
     * {@code http://localhost:8080/} from the container's HTTP connector, found through JMX (Tomcat registers
     * its connectors there); null when no connector can be found (other servers: their own log says it).
     */
    static String baseUrl(String contextPath) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            for (ObjectName name : server.queryNames(new ObjectName("*:type=Connector,*"), null)) {
                Object scheme = server.getAttribute(name, "scheme");
                Object port = server.getAttribute(name, "port");
                Object protocol = server.getAttribute(name, "protocol");
                if (!(port instanceof Integer p) || p <= 0 || String.valueOf(protocol).toUpperCase().contains("AJP")) {
                    continue;
                }
                Object address = attribute(server, name, "address");
                String host = address == null || "0.0.0.0".equals(address.toString())
                        || address.toString().isBlank() ? "localhost" : address.toString().replaceFirst("^/", "");
                return scheme + "://" + host + ":" + p + contextPath + "/";
            }
        } catch (Exception | LinkageError e) {
            // not Tomcat, or no JMX: the line names the context path only
        }
        return null;
    }

    private static Object attribute(MBeanServer server, ObjectName name, String attribute) {
        try {
            return server.getAttribute(name, attribute);
        } catch (Exception e) {
            return null;
        }
    }
}
