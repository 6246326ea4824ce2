package dev.rocket.files;

import dev.rocket.error.ApiException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.RequestContext;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;

/**
 * Finds the {@code file} part of a multipart body with Commons FileUpload's streaming API and hands its
 * content, unbuffered, to a handler. Parts before it are skipped without being kept. The body is bounded by
 * {@link UploadLimits#maxRequestSize()}; the handler bounds the part itself. Errors: more bytes than allowed
 * → 413 FILE_TOO_LARGE; no {@code file} part, not multipart, malformed, or the client went away → 400
 * INVALID_PAYLOAD; a failure of the handler's own I/O (e.g. a full disk) stays a server error.
 */
final class MultipartReader {
    static final String FIELD = "file";
    static final String DEFAULT_MIME = "application/octet-stream";
    private static final int MAX_PART_HEADER = 16 * 1024;
    private static final Pattern MIME = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}");

    private MultipartReader() {
    }

    /** The file part: safe filename, MIME type (no parameters) and its content. */
    record Part(String filename, String mimeType, InputStream content) {
    }

    @FunctionalInterface
    interface PartHandler<T> {
        T accept(Part part) throws IOException;
    }

    static <T> T readFile(UploadRequest req, UploadLimits limits, PartHandler<T> handler) {
        String type = req.contentType();
        if (type == null || !type.strip().toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            throw missing();
        }
        if (req.contentLength() > limits.maxRequestSize()) {
            throw limits.tooLarge(req.contentLength());
        }
        JakartaServletFileUpload<DiskFileItem, DiskFileItemFactory> upload = new JakartaServletFileUpload<>();
        upload.setHeaderCharset(StandardCharsets.UTF_8);
        upload.setMaxPartHeaderSize(MAX_PART_HEADER);
        InputStream body = new Bounded(req.body() == null ? InputStream.nullInputStream() : req.body(), limits);
        FileItemInput item;
        String filename;
        try {
            item = find(upload.getItemIterator(context(req, body)));
            filename = item == null ? null : upload.getFileName(item.getHeaders());
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw clientError(e, limits);
        }
        if (item == null) {
            throw missing();
        }
        InputStream content;
        try {
            content = new ClientInput(item.getInputStream());
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw clientError(e, limits);
        }
        try {
            return handler.accept(new Part(FileNames.safe(filename), mimeType(item.getContentType()), content));
        } catch (ClientInputException | FileTooLargeException e) {
            throw clientError(e, limits);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // our side (storage) failed
        }
    }

    private static FileItemInput find(FileItemInputIterator it) throws IOException {
        while (it.hasNext()) {
            FileItemInput item = it.next();
            if (FIELD.equals(item.getFieldName()) && !item.isFormField()) {
                return item;
            }
        }
        return null;
    }

    /** The part's {@code Content-Type} without parameters, lower case; anything unusable → octet-stream. */
    static String mimeType(String header) {
        if (header == null) {
            return DEFAULT_MIME;
        }
        int semi = header.indexOf(';');
        String t = (semi >= 0 ? header.substring(0, semi) : header).strip().toLowerCase(Locale.ROOT);
        return MIME.matcher(t).matches() ? t : DEFAULT_MIME;
    }

    static ApiException missing() {
        return ApiException.badPayload("Missing file in form data");
    }

    private static ApiException clientError(Throwable e, UploadLimits limits) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FileTooLargeException big) {
                return limits.tooLarge(big.size());
            }
        }
        return missing();
    }

    private static RequestContext context(UploadRequest req, InputStream body) {
        return new RequestContext() {
            @Override
            public String getCharacterEncoding() {
                return StandardCharsets.UTF_8.name();
            }

            @Override
            public long getContentLength() {
                return req.contentLength();
            }

            @Override
            public String getContentType() {
                return req.contentType();
            }

            @Override
            public InputStream getInputStream() {
                return body;
            }

            @Override
            public boolean isMultipartRelated() {
                return false;
            }
        };
    }

    /** Any failure while reading what the client sent (malformed, cut off, disconnected). */
    static final class ClientInputException extends IOException {
        private static final long serialVersionUID = 1L;

        ClientInputException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The part's content: read failures are the client's, and are marked so. */
    private static final class ClientInput extends FilterInputStream {
        ClientInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (FileTooLargeException | ClientInputException e) {
                throw e;
            } catch (IOException e) {
                throw new ClientInputException(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (FileTooLargeException | ClientInputException e) {
                throw e;
            } catch (IOException e) {
                throw new ClientInputException(e);
            }
        }
    }

    /** The whole body: stops with {@link FileTooLargeException} past {@link UploadLimits#maxRequestSize()}. */
    private static final class Bounded extends FilterInputStream {
        private final long max;
        private final UploadLimits limits;
        private long count;

        Bounded(InputStream in, UploadLimits limits) {
            super(in);
            this.limits = limits;
            this.max = limits.maxRequestSize();
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            counted(s);
            return s;
        }

        private void counted(long n) throws FileTooLargeException {
            count += n;
            if (count > max) {
                throw new FileTooLargeException(count, limits.maxFileSize());
            }
        }
    }
}
