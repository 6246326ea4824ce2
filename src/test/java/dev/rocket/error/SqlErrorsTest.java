package dev.rocket.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** A wait for a database connection that ended without one is 503 with Retry-After, never a 500. */
class SqlErrorsTest {

    @Test
    void aPoolTimeoutIsServiceUnavailableWithRetryAfter() {
        ApiException e = SqlErrors.translate(new SQLTransientConnectionException(
                "rocket-app-x - Connection is not available, request timed out after 10000ms."));
        assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(e.code().status()).isEqualTo(503);
        assertThat(e.headers()).containsEntry("Retry-After", "5");
        assertThat(e.getMessage()).doesNotContain("rocket-app-x");
    }

    @Test
    void aServerOutOfConnectionSlotsIsServiceUnavailable() {
        assertThat(SqlErrors.translate(new SQLException("sorry, too many clients already", "53300")).code())
                .isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(SqlErrors.translate(new SQLException("the database system is starting up", "57P03")).code())
                .isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(SqlErrors.translate(new SQLException("terminating connection due to administrator command",
                "57P01")).code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        assertThat(SqlErrors.translate(new SQLException("An I/O error occurred while sending to the backend.",
                "08006")).code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
    }

    @Test
    void aConnectionTimeoutWrappedByAnotherLibraryIsServiceUnavailable() {
        RuntimeException migration = new IllegalStateException("Unable to obtain connection from database",
                new SQLTransientConnectionException("timed out"));
        RuntimeException out = SqlErrors.unavailableOr(migration);
        assertThat(out).isInstanceOf(ApiException.class);
        assertThat(((ApiException) out).code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE);
        RuntimeException other = new IllegalStateException("syntax error");
        assertThat(SqlErrors.unavailableOr(other)).isSameAs(other);
    }
}
