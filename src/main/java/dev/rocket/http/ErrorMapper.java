package dev.rocket.http;

import dev.rocket.error.ApiException;
import dev.rocket.error.Details;
import dev.rocket.error.ErrorCode;
import dev.rocket.error.SqlErrors;
import dev.rocket.tenancy.AppContext;
import dev.rocket.tenancy.AppDirectory;
import jakarta.inject.Inject;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.inject.Provider;
import java.io.IOException;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one exception mapper: every failure becomes {@code {"error":{"code","message","details"}}}.
 * 5xx are logged at SEVERE with the stack and a request id; the client sees only a generic message.
 */
public final class ErrorMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = Logger.getLogger(ErrorMapper.class.getName());

    private final AppDirectory apps;
    private final Security security;
    private final Provider<ContainerRequestContext> request;

    @Inject
    public ErrorMapper(AppDirectory apps, Security security, @Context Provider<ContainerRequestContext> request) {
        this.apps = apps;
        this.security = security;
        this.request = request;
    }

    @Override
    public Response toResponse(Throwable e) {
        ApiException api = toApi(e);
        Response.ResponseBuilder b = Response.status(api.code().status()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(envelope(api));
        api.headers().forEach(b::header);
        if (e instanceof NotAllowedException na) {
            String allow = na.getResponse().getHeaderString("Allow");
            if (allow != null) {
                b.header("Allow", allow);
            }
        }
        return b.build();
    }

    /**
     * {@code {"error":{"code","message","details"}}}, bounded ({@link Details#capped}): at most 100 details
     * and a last one counting the rest; long messages and detail values are cut.
     */
    public static Map<String, Object> envelope(ApiException api) {
        Map<String, Object> err = new LinkedHashMap<>();
        err.put("code", api.code().name());
        err.put("message", Details.text(api.getMessage()));
        if (!api.details().isEmpty()) {
            err.put("details", Details.capped(api.details()));
        }
        return Map.of("error", err);
    }

    private ApiException toApi(Throwable e) {
        ApiException known = known(e);
        if (known != null) {
            return known;
        }
        if (e instanceof NotFoundException) {
            return routeNotFound();
        }
        if (e instanceof NotAllowedException) {
            ApiException first = appScopeFirst();
            return first != null ? first : new ApiException(ErrorCode.METHOD_NOT_ALLOWED, "Method not allowed");
        }
        if (e instanceof NotSupportedException) {
            return ApiException.badPayload("Unsupported content type");
        }
        if (e instanceof NotAcceptableException) {
            return ApiException.badPayload("Only application/json responses are available");
        }
        if (e instanceof WebApplicationException w && w.getResponse().getStatus() < 500) {
            int s = w.getResponse().getStatus();
            if (s == 413) {
                return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "Request body too large");
            }
            if (s == 401) {
                return ApiException.unauthorized("Unauthorized");
            }
            return ApiException.badPayload("Bad request");
        }
        if (e instanceof ProcessingException) {
            return ApiException.badPayload("Invalid request");
        }
        return unexpected(e, requestId());
    }

    /**
     * The API error a failure stands for when it is one of Rocket's own: an {@link ApiException} (itself or
     * as a cause) or a PostgreSQL error with a client-side meaning ({@link SqlErrors}); null otherwise.
     */
    static ApiException known(Throwable e) {
        if (e instanceof ApiException api) {
            LOG.log(Level.FINE, "client error", e);
            return api;
        }
        Throwable cause = e;
        for (int i = 0; i < 8 && cause != null; i++) {
            if (cause instanceof ApiException api) {
                return api;
            }
            if (cause instanceof SQLException sql) {
                ApiException t = SqlErrors.translate(sql);
                if (t != null) {
                    return t;
                }
            }
            cause = cause.getCause();
        }
        return null;
    }

    /**
     * Anything else: a client that hung up is not a server fault; the rest is logged at SEVERE with the stack
     * and the request id, and the client sees a generic 500 naming that id.
     */
    static ApiException unexpected(Throwable e, String requestId) {
        if (clientGone(e)) {
            LOG.log(Level.FINE, "client closed the connection", e);
            return ApiException.badPayload("Client closed the connection");
        }
        LOG.log(Level.SEVERE, "Internal error [request " + requestId + "]", e);
        return new ApiException(ErrorCode.INTERNAL_ERROR, "Internal server error",
                List.of(Map.of("message", "request id " + requestId)));
    }

    /** Unknown route; under /api/{app}/ the app is resolved first, so an unknown app is APP_NOT_FOUND. */
    private ApiException routeNotFound() {
        ApiException first = appScopeFirst();
        return first != null ? first : ApiException.notFound("Route not found");
    }

    /**
     * Under /api/{app}/ the app is resolved and the token checked before anything about the route is
     * revealed: unknown app → APP_NOT_FOUND, no/invalid token → 401 (auth/* excepted). Null when both pass.
     */
    private ApiException appScopeFirst() {
        try {
            String path = request.get().getUriInfo().getPath();
            String[] seg = path.startsWith("/") ? path.substring(1).split("/") : path.split("/");
            if (seg.length >= 2 && seg[0].equals("api") && !seg[1].equals("_platform")) {
                AppContext app = apps.require(seg[1]);
                if (seg.length >= 3 && !seg[2].equals("auth")) {
                    // every app route but auth/* needs a token: answer 401 before revealing what exists
                    security.app(app, request.get().getHeaders().get("Authorization"));
                }
            }
        } catch (ApiException api) {
            return api;
        } catch (RuntimeException ignored) {
            // fall through to the generic answer
        }
        return null;
    }

    /** The client hung up while we wrote the response (e.g. a timed-out load generator): not a server fault. */
    private static boolean clientGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals("ClientAbortException")
                    || (t instanceof IOException && String.valueOf(t.getMessage()).contains("Broken pipe"))) {
                return true;
            }
        }
        return false;
    }

    private String requestId() {
        try {
            Object id = request.get().getProperty(RequestFilter.REQUEST_ID);
            return id == null ? "-" : id.toString();
        } catch (RuntimeException e) {
            return "-";
        }
    }
}
