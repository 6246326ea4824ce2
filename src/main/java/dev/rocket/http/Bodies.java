package dev.rocket.http;

import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import dev.rocket.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** Reads request bodies with a size bound: above the limit → 413 PAYLOAD_TOO_LARGE, unparsable → 400. */
public final class Bodies {
    private final int maxBytes;

    public Bodies(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public Map<String, Object> object(InputStream in) {
        return Json.parseObject(bytes(in));
    }

    public byte[] bytes(InputStream in) {
        if (in == null) {
            return new byte[0];
        }
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
            byte[] buf = new byte[8192];
            int total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw tooLarge();
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ApiException.badPayload("Invalid JSON body");
        }
    }

    public ApiException tooLarge() {
        return tooLarge(maxBytes);
    }

    /** The one answer to a body over {@code maxBytes}, wherever it is noticed (here, or while it arrives). */
    static ApiException tooLarge(int maxBytes) {
        return new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "Request body exceeds " + maxBytes + " bytes");
    }

    public int maxBytes() {
        return maxBytes;
    }
}
