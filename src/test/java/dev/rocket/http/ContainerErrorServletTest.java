package dev.rocket.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rocket.error.ErrorCode;
import org.junit.jupiter.api.Test;

class ContainerErrorServletTest {

    @Test
    void containerStatusesMapToCatalogueCodesWithTheSameStatus() {
        for (int status : new int[] {400, 401, 403, 404, 405, 408, 413, 503, 500}) {
            assertThat(ContainerErrorServlet.error(status).code().status()).as("status %d", status).isEqualTo(status);
        }
        assertThat(ContainerErrorServlet.error(408).code()).isEqualTo(ErrorCode.REQUEST_TIMEOUT);
        assertThat(ContainerErrorServlet.error(418).code()).isEqualTo(ErrorCode.INVALID_PAYLOAD);
        assertThat(ContainerErrorServlet.error(502).code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    }
}
