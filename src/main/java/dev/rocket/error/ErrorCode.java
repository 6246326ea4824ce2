package dev.rocket.error;

/** The error catalogue: every code the API can answer with, and its HTTP status. Codes are stable. */
public enum ErrorCode {
    UNKNOWN_ENTITY(404),
    NOT_FOUND(404),
    APP_NOT_FOUND(404),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    VALIDATION_FAILED(422),
    UNKNOWN_FIELD(400),
    INVALID_PAYLOAD(400),
    CONFLICT(409),
    FILE_TOO_LARGE(413),
    PAYLOAD_TOO_LARGE(413),
    REQUEST_TIMEOUT(408),
    METHOD_NOT_ALLOWED(405),
    INVALID_STATE(422),
    NESTED_WRITE_FAILED(422),
    TOO_MANY_REQUESTS(429),
    SERVICE_UNAVAILABLE(503),
    INTERNAL_ERROR(500);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
