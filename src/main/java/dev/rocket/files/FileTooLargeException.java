package dev.rocket.files;

import java.io.IOException;

/** More bytes arrived than allowed; reading stopped at {@code size}. */
public final class FileTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long size;
    private final long max;

    public FileTooLargeException(long size, long max) {
        super("File too large: " + size + " bytes (max " + max + ")");
        this.size = size;
        this.max = max;
    }

    public long size() {
        return size;
    }

    public long max() {
        return max;
    }
}
