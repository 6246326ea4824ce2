package dev.rocket.http;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

/** Which requests the servlet filter answers itself and which it leaves to Jersey. */
class DirectEntityRoutesTest {

    private static HttpServletRequest request(String contextPath, String uri) {
        return (HttpServletRequest) Proxy.newProxyInstance(DirectEntityRoutesTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRequestURI" -> uri;
                    case "getContextPath" -> contextPath;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void plainCollectionAndItemPathsAreSplitIntoSegments() {
        assertThat(DirectEntityRoutes.segments(request("", "/api/shop/orders"))).containsExactly("api", "shop", "orders");
        assertThat(DirectEntityRoutes.segments(request("", "/api/shop/orders/42"))).containsExactly("api", "shop", "orders", "42");
        assertThat(DirectEntityRoutes.segments(request("/rocket", "/rocket/api/my-app/order_line/7f3a-b2")))
                .containsExactly("api", "my-app", "order_line", "7f3a-b2");
    }

    @Test
    void anythingElseIsLeftToJersey() {
        for (String uri : new String[] {"/api", "/api/", "/api/shop", "/api/shop/", "/api/shop/orders/",
                "/api/shop//orders", "/api/shop/orders/42/extra", "/api/shop/orders/4%32", "/api/shop/ord%65rs",
                "/api/shop/orders/a.b", "/api/shop/orders;x=1", "/health", "/apix/shop/orders", "/admin/api/a/b",
                "/api/_platform/apps", "/api/_platform/apps/x", "/api/shop/auth", "/api/shop/auth/login",
                "/api/shop/_admin", "/api/shop/_files", "/api/shop/_files/abc", "/api/shop/_workflows"}) {
            assertThat(DirectEntityRoutes.segments(request("", uri))).as(uri).isNull();
        }
        assertThat(DirectEntityRoutes.segments(request("/rocket", "/api/shop/orders"))).isNull();
    }

    @Test
    void jsonMustBeAcceptableWithoutNegotiationSubtleties() {
        for (String accept : new String[] {null, "", "*/*", "application/json", "Application/JSON",
                "text/html, application/json", "application/*", "application/json;q=1", "application/json; q=0.5",
                "text/plain;q=0.9, */*;q=0.1"}) {
            assertThat(DirectEntityRoutes.acceptsJson(accept)).as(String.valueOf(accept)).isTrue();
        }
        for (String accept : new String[] {"text/html", "text/csv", "application/json;q=0", "application/json;q=0.0",
                "*/*;q=0", "application/json;charset=utf-8", "application/xml"}) {
            assertThat(DirectEntityRoutes.acceptsJson(accept)).as(accept).isFalse();
        }
    }
}
