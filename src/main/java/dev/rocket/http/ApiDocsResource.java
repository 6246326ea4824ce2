package dev.rocket.http;

import dev.rocket.error.ApiException;
import dev.rocket.tenancy.AppContext;
import dev.rocket.tenancy.AppDirectory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

/**
 * {@code GET /api/{app}/_docs}: Swagger UI (from the {@code org.webjars:swagger-ui} jar) for the app's
 * {@code _openapi} document. The page holds nothing about the app, so it needs no token: the user pastes one,
 * the page fetches the document with it and hands it to Swagger UI for "Try it out".
 */
@Singleton
@Path("/api/{app}/_docs")
public class ApiDocsResource {
    private static final String OWN = "/dev/rocket/openapi/";
    private static final Map<String, String> FILES = Map.of(
            "swagger-ui.css", "text/css; charset=utf-8",
            "swagger-ui-bundle.js", "text/javascript; charset=utf-8",
            "favicon-32x32.png", "image/png",
            "rocket-docs.js", "text/javascript; charset=utf-8");
    private static final String WEBJAR = "/META-INF/resources/webjars/swagger-ui/" + webjarVersion() + "/";

    private final AppDirectory apps;
    private final String page;

    @Inject
    public ApiDocsResource(AppDirectory apps) {
        this.apps = apps;
        this.page = new String(read(OWN + "docs.html"), StandardCharsets.UTF_8);
    }

    @GET
    public Response page(@PathParam("app") String appName, @Context HttpServletRequest request) {
        AppContext app = apps.require(appName);
        // app names are [a-z][a-z0-9_-]*: nothing to escape in HTML
        String base = request.getContextPath() + "/api/" + app.name();
        String html = page.replace("{{app}}", app.name()).replace("{{base}}", base);
        return Response.ok(html, "text/html; charset=utf-8").header("Cache-Control", "no-cache")
                .header("X-Content-Type-Options", "nosniff").build();
    }

    @GET
    @Path("{file}")
    public Response asset(@PathParam("app") String appName, @PathParam("file") String file) {
        apps.require(appName);
        String type = FILES.get(file);
        if (type == null) {
            throw ApiException.notFound("Route not found");
        }
        byte[] bytes = read((file.equals("rocket-docs.js") ? OWN : WEBJAR) + file);
        return Response.ok(bytes, type).header("Cache-Control", "public, max-age=86400")
                .header("X-Content-Type-Options", "nosniff").build();
    }

    private static byte[] read(String resource) {
        try (InputStream in = ApiDocsResource.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String webjarVersion() {
        Properties p = new Properties();
        try (InputStream in = ApiDocsResource.class.getResourceAsStream("/META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("org.webjars:swagger-ui is not on the classpath");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }
}
