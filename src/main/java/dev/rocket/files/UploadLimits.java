package dev.rocket.files;

import dev.rocket.config.Settings;
import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;

/**
 * Size bounds of an upload: the file itself ({@code ROCKET_MAX_FILE_SIZE}) and the whole multipart body,
 * which may exceed the file by {@link #OVERHEAD} bytes of boundaries, part headers and small form fields.
 */
public record UploadLimits(long maxFileSize) {
    public static final long OVERHEAD = 64 * 1024;

    public UploadLimits {
        if (maxFileSize < 0) {
            throw new IllegalStateException(Settings.MAX_FILE_SIZE + " must not be negative");
        }
    }

    public static UploadLimits from(Settings settings) {
        return new UploadLimits(settings.maxFileSize());
    }

    /** The largest multipart body accepted for one upload. */
    public long maxRequestSize() {
        return maxFileSize > Long.MAX_VALUE - OVERHEAD ? Long.MAX_VALUE : maxFileSize + OVERHEAD;
    }

    /** 413 FILE_TOO_LARGE "File too large: {size} bytes (max {max})". */
    public ApiException tooLarge(long size) {
        return new ApiException(ErrorCode.FILE_TOO_LARGE, "File too large: " + size + " bytes (max " + maxFileSize + ")");
    }
}
