package dev.rocket.error;

import java.util.List;
import java.util.Map;

/** The one exception type of the API: a code from the catalogue, a message for the client and details. */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient List<Map<String, Object>> details;
    private final transient Map<String, String> headers;

    public ApiException(ErrorCode code, String message) {
        this(code, message, List.of(), Map.of(), null);
    }

    public ApiException(ErrorCode code, String message, List<Map<String, Object>> details) {
        this(code, message, details, Map.of(), null);
    }

    public ApiException(ErrorCode code, String message, List<Map<String, Object>> details,
                        Map<String, String> headers, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
        this.details = details == null ? List.of() : List.copyOf(details);
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public ErrorCode code() {
        return code;
    }

    public List<Map<String, Object>> details() {
        return details;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public static ApiException notFound(String message) {
        return new ApiException(ErrorCode.NOT_FOUND, message);
    }

    public static ApiException validation(String message) {
        return new ApiException(ErrorCode.VALIDATION_FAILED, message);
    }

    public static ApiException validation(String message, List<Map<String, Object>> details) {
        return new ApiException(ErrorCode.VALIDATION_FAILED, message, details);
    }

    public static ApiException badPayload(String message) {
        return new ApiException(ErrorCode.INVALID_PAYLOAD, message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(ErrorCode.UNAUTHORIZED, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(ErrorCode.FORBIDDEN, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(ErrorCode.CONFLICT, message);
    }
}
