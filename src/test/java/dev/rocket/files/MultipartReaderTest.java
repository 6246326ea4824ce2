package dev.rocket.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {
    private static final String BOUNDARY = "----rocket1234";
    private static final String TYPE = "multipart/form-data; boundary=" + BOUNDARY;
    private static final UploadLimits LIMITS = new UploadLimits(1000);

    private static byte[] part(String name, String filename, String mime, byte[] content) {
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (filename == null ? "" : "; filename=\"" + filename + "\"") + "\r\n"
                + (mime == null ? "" : "Content-Type: " + mime + "\r\n") + "\r\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] body(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static UploadRequest request(byte[] body) {
        return new UploadRequest(TYPE, body.length, new ByteArrayInputStream(body));
    }

    private static MultipartReader.Part readAll(UploadRequest req) {
        return MultipartReader.readFile(req, LIMITS, p -> new MultipartReader.Part(p.filename(), p.mimeType(),
                new ByteArrayInputStream(p.content().readAllBytes())));
    }

    private static void rejected(UploadRequest req, ErrorCode code, String message) {
        assertThatThrownBy(() -> readAll(req)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    @Test
    void findsTheFilePartAfterOtherFields() throws IOException {
        byte[] content = {0, 1, 2, (byte) 255, '\r', '\n', '-', '-'};
        MultipartReader.Part p = readAll(request(body(part("note", null, null, "hello".getBytes()),
                part("file", "../../x.png", "Image/PNG; q=1", content))));
        assertThat(p.filename()).isEqualTo("x.png");
        assertThat(p.mimeType()).isEqualTo("image/png");
        assertThat(p.content().readAllBytes()).isEqualTo(content);
    }

    @Test
    void mimeTypeFallsBackToOctetStream() {
        assertThat(readAll(request(body(part("file", "a", null, new byte[1])))).mimeType())
                .isEqualTo("application/octet-stream");
        assertThat(MultipartReader.mimeType("not a type")).isEqualTo("application/octet-stream");
        assertThat(MultipartReader.mimeType("text/html\r\nX: y")).isEqualTo("application/octet-stream");
        assertThat(MultipartReader.mimeType("text/plain;charset=utf-8")).isEqualTo("text/plain");
    }

    @Test
    void utf8AndEmptyFilenames() {
        assertThat(readAll(request(body(part("file", "résumé.pdf", "application/pdf", new byte[1])))).filename())
                .isEqualTo("résumé.pdf");
        assertThat(readAll(request(body(part("file", "", null, new byte[0])))).filename()).isEqualTo("file");
    }

    @Test
    void missingFilePartOrNotMultipartIs400() {
        String missing = "Missing file in form data";
        rejected(request(body(part("note", null, null, "x".getBytes()))), ErrorCode.INVALID_PAYLOAD, missing);
        rejected(request(body(part("file", null, null, "a text field named file".getBytes()))), ErrorCode.INVALID_PAYLOAD, missing);
        rejected(new UploadRequest("application/json", 2, new ByteArrayInputStream("{}".getBytes())), ErrorCode.INVALID_PAYLOAD, missing);
        rejected(new UploadRequest(null, -1, InputStream.nullInputStream()), ErrorCode.INVALID_PAYLOAD, missing);
        rejected(new UploadRequest("multipart/form-data", 10, new ByteArrayInputStream("0123456789".getBytes())),
                ErrorCode.INVALID_PAYLOAD, missing); // no boundary
        rejected(new UploadRequest(TYPE, 12, new ByteArrayInputStream("not a body..".getBytes())), ErrorCode.INVALID_PAYLOAD, missing);
        rejected(new UploadRequest(TYPE, 0, InputStream.nullInputStream()), ErrorCode.INVALID_PAYLOAD, missing);
    }

    @Test
    void aBodyCutOffInsideTheFileIs400() {
        byte[] full = body(part("file", "a.txt", "text/plain", new byte[500]));
        byte[] cut = java.util.Arrays.copyOf(full, 300);
        assertThatThrownBy(() -> MultipartReader.readFile(request(cut), LIMITS, p -> p.content().readAllBytes()))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD));
    }

    @Test
    void hugePartHeadersAre400() {
        byte[] body = body(part("file", "x".repeat(20_000), null, new byte[1]));
        rejected(new UploadRequest(TYPE, -1, new ByteArrayInputStream(body)), ErrorCode.INVALID_PAYLOAD,
                "Missing file in form data");
    }

    @Test
    void aDeclaredLengthAboveTheLimitIs413WithoutReading() {
        InputStream never = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("must not be read");
            }
        };
        rejected(new UploadRequest(TYPE, 10_000_000, never), ErrorCode.FILE_TOO_LARGE,
                "File too large: 10000000 bytes (max 1000)");
    }

    @Test
    void anUndeclaredBodyIsStoppedAtTheRequestLimit() {
        // chunked (length unknown): the body goes on forever after a first small part
        byte[] head = part("note", null, null, new byte[0]);
        InputStream endless = new SequenceInputStream(new ByteArrayInputStream(head), new InputStream() {
            @Override
            public int read() {
                return 'x';
            }
        });
        assertThatThrownBy(() -> readAll(new UploadRequest(TYPE, -1, endless)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FILE_TOO_LARGE));
    }

    @Test
    void theHandlersLimitBecomes413AndItsOwnFailuresStayServerErrors() {
        byte[] big = body(part("file", "big.bin", null, new byte[5000]));
        assertThatThrownBy(() -> MultipartReader.readFile(request(big), new UploadLimits(100_000), p -> {
            throw new FileTooLargeException(1001, 1000);
        })).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.FILE_TOO_LARGE);
            assertThat(e.getMessage()).isEqualTo("File too large: 1001 bytes (max 100000)");
        });
        assertThatThrownBy(() -> MultipartReader.readFile(request(big), LIMITS, p -> {
            throw new IOException("disk full");
        })).isInstanceOf(UncheckedIOException.class);
    }
}
