package dev.rocket.files;

import java.io.InputStream;

/**
 * The raw upload as received: {@code Content-Type} (with the multipart boundary), declared length (-1 when
 * unknown, e.g. chunked) and the unread body.
 */
public record UploadRequest(String contentType, long contentLength, InputStream body) {
}
