package dev.rocket.http;

import dev.rocket.config.Settings;
import dev.rocket.error.ApiException;
import dev.rocket.error.ErrorCode;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Reads request bodies without holding a request thread, so that clients sending slowly cannot take every
 * thread of the server. The first filter: a body that arrived with the headers is read from the container's
 * buffer at once and the request goes on; any other request with a body is put in asynchronous mode and its
 * bytes are collected by non-blocking reads ({@link ReadListener}) as they arrive; only once the whole body
 * is in memory is the request dispatched again, with the body served from memory, to the rest of the chain.
 *
 * <ul>
 *   <li>The whole body must arrive within {@code ROCKET_BODY_TIMEOUT} seconds of the headers, otherwise
 *       408 REQUEST_TIMEOUT and the connection is closed.</li>
 *   <li>More than {@code ROCKET_MAX_BODY_SIZE} bytes (declared or sent) → 413 PAYLOAD_TOO_LARGE.</li>
 *   <li>Uploads ({@code POST /api/{app}/_files/upload}) are streamed to storage instead (their own size
 *       limit, authentication before the first byte is read): they continue at once, on an ASYNC dispatch,
 *       and their connection is closed afterwards.</li>
 * </ul>
 * Requests re-dispatched by this filter pass the later filters with dispatcher type {@code ASYNC}; requests whose
 * body was there at once pass them as {@code REQUEST}.
 *
 * <p>The deadline is this filter's own timer, not the container's asynchronous timeout (which is switched off):
 * a container's timeout racing the dispatch of a body that completed at the last moment could complete and
 * recycle the request while the dispatch was still queued (Payara then failed the dispatch with a
 * NullPointerException). Every outcome — dispatch, 413, 408, a failed connection — is decided once, by this
 * filter, and the timer is cancelled as soon as one is.
 */
public final class BodyDeadlineFilter implements Filter {
    private static final Logger LOG = Logger.getLogger(BodyDeadlineFilter.class.getName());
    private static final Pattern UPLOAD = Pattern.compile("/api/[^/]+/_files/upload/?");

    /** Bodies up to this size are read at once when they came with the headers; larger ones always asynchronously. */
    private static final int FIRST_READ_MAX = 64 * 1024;
    private static final byte[] NOTHING = new byte[0];

    private long timeoutMillis;
    private int maxBytes;
    private ScheduledThreadPoolExecutor deadlines;

    @Override
    public void init(FilterConfig config) {
        Settings settings = new Settings();
        long seconds = settings.bodyTimeoutSeconds();
        if (seconds <= 0) {
            throw new IllegalStateException("Setting ROCKET_BODY_TIMEOUT must be a positive number of seconds, got: " + seconds);
        }
        timeoutMillis = TimeUnit.SECONDS.toMillis(seconds);
        maxBytes = settings.maxBodySize();
        deadlines = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "rocket-body-deadlines");
            t.setDaemon(true);
            return t;
        });
        deadlines.setRemoveOnCancelPolicy(true); // a body that arrived leaves nothing behind
    }

    @Override
    public void destroy() {
        if (deadlines != null) {
            deadlines.shutdownNow();
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (!hasBody(request) || !request.isAsyncSupported()) {
            chain.doFilter(req, res);
            return;
        }
        if (isUpload(request)) {
            passUpload(request, (HttpServletResponse) res);
            return;
        }
        long length = request.getContentLengthLong();
        if (length > maxBytes) {
            ErrorResponses.write((HttpServletResponse) res, tooLarge());
            return;
        }
        BufferedBodyRequest buffered = new BufferedBodyRequest(request);
        ServletInputStream in = request.getInputStream();
        boolean small = length > 0 && length <= FIRST_READ_MAX;
        byte[] arrived = small ? readArrived(in, (int) length) : NOTHING;
        if (small && arrived.length == length) {
            // the whole body came with the headers (most requests): no asynchronous round, no timer
            buffered.body(arrived);
            chain.doFilter(buffered, res);
            return;
        }
        AsyncContext async = request.startAsync(buffered, res);
        async.setTimeout(0); // the deadline below decides, never the container
        Collector collector = new Collector(async, buffered, in, length, arrived);
        async.addListener(collector);
        collector.deadline(deadlines.schedule(collector::deadlinePassed, timeoutMillis, TimeUnit.MILLISECONDS));
        in.setReadListener(collector);
        if (collector.hasWholeBody()) {
            // Payara calls the listener inside setReadListener when bytes are there; if they were all of them, it
            // will not call onAllDataRead (nothing is left to wait for): the body is complete, continue now
            collector.bodyComplete();
        }
    }

    /**
     * What has already arrived of a body of {@code length} bytes, read without waiting: a read is only made
     * while the container reports bytes ready, and such a read returns what is there instead of blocking.
     * ({@code available()} alone cannot tell whether the whole body is in: Tomcat reports at most 1 before
     * its first read.)
     */
    private static byte[] readArrived(ServletInputStream in, int length) throws IOException {
        if (in.available() <= 0) {
            return NOTHING; // a client that sent only headers so far costs no buffer here
        }
        byte[] buf = new byte[length];
        int got = 0;
        while (got < length && in.available() > 0) {
            int n = in.read(buf, got, length - got);
            if (n < 0) {
                break;
            }
            got += n;
        }
        return got == length ? buf : Arrays.copyOf(buf, got);
    }

    /**
     * Uploads are streamed by the resource on a request thread, and may be answered before their body is
     * read (401, 404, 413). On a plain dispatch Tomcat would then read the rest of the body before it frees
     * the thread, at whatever pace the client sends; on an ASYNC dispatch with {@code Connection: close} it
     * closes the connection instead.
     */
    private static void passUpload(HttpServletRequest request, HttpServletResponse res) {
        res.setHeader("Connection", "close");
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        async.dispatch();
    }

    private static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }

    private static boolean isUpload(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return "POST".equals(request.getMethod()) && UPLOAD.matcher(path).matches();
    }

    private ApiException tooLarge() {
        return Bodies.tooLarge(maxBytes);
    }

    private ApiException timedOut() {
        return new ApiException(ErrorCode.REQUEST_TIMEOUT,
                "Request body not received within " + TimeUnit.MILLISECONDS.toSeconds(timeoutMillis) + " s",
                List.of(), Map.of("Connection", "close"), null);
    }

    /**
     * Collects one body. Exactly one outcome wins: the body is complete (dispatch), too large (413), too
     * slow (408) or the connection failed (nothing can be sent).
     */
    private final class Collector implements ReadListener, AsyncListener {
        private final AsyncContext async;
        private final BufferedBodyRequest buffered;
        private final ServletInputStream in;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
        private final byte[] chunk = new byte[8192];
        private final long length;
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile ScheduledFuture<?> deadline;

        /** {@code length}: the declared Content-Length, or -1 (chunked); {@code arrived}: the bytes read already. */
        Collector(AsyncContext async, BufferedBodyRequest buffered, ServletInputStream in, long length, byte[] arrived) {
            this.async = async;
            this.buffered = buffered;
            this.in = in;
            this.length = length;
            body.write(arrived, 0, arrived.length);
        }

        /** All bytes the request declared have been read (never true for a chunked body). */
        boolean hasWholeBody() {
            return length >= 0 && body.size() >= length;
        }

        void deadline(ScheduledFuture<?> timer) {
            deadline = timer;
            if (done.get()) {
                timer.cancel(false); // decided before the timer was set
            }
        }

        /** On the deadline timer: 408 unless the body arrived (or failed) first. */
        void deadlinePassed() {
            try {
                answer(timedOut());
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "could not answer a request body past its deadline", e);
            }
        }

        /** Claims the one outcome; false when another already won. Stops the deadline timer. */
        private boolean decide() {
            if (!done.compareAndSet(false, true)) {
                return false;
            }
            ScheduledFuture<?> timer = deadline;
            if (timer != null) {
                timer.cancel(false);
            }
            return true;
        }

        /**
         * Reads what has arrived. Once the declared length is in, {@code isReady()} is not asked again: on Payara
         * that call, made after the last byte, registers one more read callback, which its thread pool may run
         * after the request has been answered and recycled (a NullPointerException in
         * {@code InputBuffer$ReadHandlerImpl.processCallbacks}, or a dispatch that finds no request). The
         * container then either says the stream is finished (Tomcat, WildFly: continue now) or calls
         * {@link #onAllDataRead()} itself (Payara).
         */
        @Override
        public void onDataAvailable() throws IOException {
            while (!done.get() && !hasWholeBody() && in.isReady()) {
                int n = in.read(chunk);
                if (n < 0) {
                    return;
                }
                if (body.size() + n > maxBytes) {
                    answer(tooLarge());
                    return;
                }
                body.write(chunk, 0, n);
            }
            if (hasWholeBody() && in.isFinished()) {
                bodyComplete();
            }
        }

        @Override
        public void onAllDataRead() {
            bodyComplete();
        }

        /** The body is in: the request continues (once, whoever calls first). */
        void bodyComplete() {
            if (decide()) {
                buffered.body(body.toByteArray());
                async.dispatch();
            }
        }

        @Override
        public void onError(Throwable t) {
            LOG.log(Level.FINE, "request body not received", t);
            if (decide()) {
                async.complete();
            }
        }

        /** Not expected (the container's timeout is off); answered as the deadline would be. */
        @Override
        public void onTimeout(AsyncEvent event) throws IOException {
            answer(timedOut());
        }

        @Override
        public void onError(AsyncEvent event) {
            onError(event.getThrowable());
        }

        @Override
        public void onComplete(AsyncEvent event) {
            // nothing to release: the body buffer goes with the request
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not restarted
        }

        private void answer(ApiException error) throws IOException {
            if (decide()) {
                try {
                    ErrorResponses.write((HttpServletResponse) async.getResponse(), error);
                } finally {
                    async.complete();
                }
            }
        }
    }
}
