package dev.rocket.http;

import dev.rocket.error.ApiException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;

/**
 * Runs before Jersey: a Content-Type header that cannot be parsed would make Jersey answer 400 with an
 * empty body; here it gets the JSON error envelope instead. Binds the request to the thread for the rest of
 * its processing ({@link CurrentRequest}).
 */
public class ContentTypeGuard implements Filter {

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        String ct = ((HttpServletRequest) req).getHeader("Content-Type");
        if (ct != null && !ct.isBlank() && !parses(ct)) {
            ErrorResponses.write((HttpServletResponse) res, ApiException.badPayload("Invalid Content-Type header"));
            return;
        }
        CurrentRequest.bind((HttpServletRequest) req);
        try {
            chain.doFilter(req, res);
        } finally {
            CurrentRequest.unbind();
        }
    }

    static boolean parses(String contentType) {
        try {
            MediaType.valueOf(contentType);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
