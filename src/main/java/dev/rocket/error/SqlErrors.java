package dev.rocket.error;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The one SQLSTATE → API error table. Client-caused database errors become 4xx; anything else is
 * returned as null and ends up as a 500 with a request id.
 */
public final class SqlErrors {
    private SqlErrors() {
    }

    /** Seconds a client is asked to wait before trying again when no database connection was available. */
    public static final int RETRY_AFTER_SECONDS = 5;

    public static ApiException translate(SQLException e) {
        if (isConnectionUnavailable(e)) {
            return unavailable(e);
        }
        String state = e.getSQLState();
        if (state == null) {
            return null;
        }
        String detail = detailOf(e);
        switch (state) {
            case "23505":
                return ApiException.conflict(detail != null ? detail : "A record with this value already exists");
            case "23503":
                return ApiException.validation(detail != null ? detail : "Referenced record does not exist");
            case "23502":
                return ApiException.validation(columnOf(e) != null ? columnOf(e) + " is required" : "A required value is missing");
            case "23514":
                return ApiException.validation("A value violates a check constraint");
            case "54000":
                // e.g. "index row size exceeds btree maximum": a very long value in a unique or indexed field
                return ApiException.validation("Invalid value: too large for a unique or indexed field "
                        + "(at most about 2,700 bytes)");
            case "57014":
                return ApiException.validation("The statement took too long and was cancelled");
            default:
                if (state.startsWith("22")) {
                    return ApiException.validation(dataError(state));
                }
                return null;
        }
    }

    /**
     * 503 SERVICE_UNAVAILABLE with {@code Retry-After} when {@code e} (or what it wraps, e.g. a migration
     * failure) is a wait for a database connection that ended without one; otherwise {@code e} itself.
     */
    public static RuntimeException unavailableOr(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && isConnectionUnavailable(s)) {
                return unavailable(e);
            }
        }
        return e;
    }

    /**
     * No usable connection: a pool's wait timed out (HikariCP, or Rocket's gate in front of it), the server
     * has no connection slot left ({@code 53300}), is starting, stopping or ended the session ({@code 57P0x}),
     * or the connection failed ({@code 08xxx}).
     */
    static boolean isConnectionUnavailable(SQLException e) {
        String state = e.getSQLState();
        return e instanceof SQLTransientConnectionException || state != null
                && (state.equals("53300") || state.startsWith("57P0") || state.startsWith("08"));
    }

    private static ApiException unavailable(Throwable cause) {
        return new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                "The database is not available right now; try again shortly", List.of(),
                Map.of("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)), cause);
    }

    private static String detailOf(SQLException e) {
        if (e instanceof PSQLException p) {
            ServerErrorMessage m = p.getServerErrorMessage();
            if (m != null && m.getDetail() != null) {
                return m.getDetail();
            }
        }
        return null;
    }

    private static String columnOf(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            return p.getServerErrorMessage().getColumn();
        }
        return null;
    }

    /** Data exceptions in our own words (the database's wording and values stay in the server log). */
    private static String dataError(String state) {
        return switch (state) {
            case "22001" -> "Invalid value: text too long";
            case "22003" -> "Invalid value: number out of range";
            case "22007", "22008" -> "Invalid value: date or time out of range or malformed";
            case "22021", "22P05" -> "Invalid value: text contains characters that cannot be stored";
            case "22P02" -> "Invalid value: malformed";
            case "22012" -> "Invalid value: division by zero";
            default -> "Invalid value";
        };
    }
}
