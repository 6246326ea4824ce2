package dev.rocket.it.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP endpoint for the outbound calls Rocket makes (webhooks, transition actions, workflow steps): it
 * records every request and answers 204, or 302 to {@code /target} for the path {@code /redirect}.
 */
public final class Receiver implements AutoCloseable {

    /** One request as received; header names in lower case. */
    public record Call(String method, String path, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final BlockingQueue<Call> queue = new LinkedBlockingQueue<>();
    private final List<Call> all = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch held;

    private Receiver(InetSocketAddress address) {
        try {
            server = HttpServer.create(address, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** Listening on 127.0.0.1. */
    public static Receiver onLoopback() {
        return new Receiver(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** Listening on every interface, so that calls to other local addresses would reach it too. */
    public static Receiver onAllInterfaces() {
        return new Receiver(new InetSocketAddress(0));
    }

    private void handle(HttpExchange ex) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Call call = new Call(ex.getRequestMethod(), ex.getRequestURI().getPath(), headers, body);
        all.add(call);
        queue.add(call);
        CountDownLatch h = held;
        if (h != null) {
            try {
                h.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (call.path().equals("/redirect")) {
            ex.getResponseHeaders().add("Location", "/target");
            ex.sendResponseHeaders(302, -1);
        } else {
            ex.sendResponseHeaders(204, -1);
        }
        ex.close();
    }

    /** From now on, calls are recorded as they arrive but answered only after {@link #release()} (one at a time). */
    public void hold() {
        held = new CountDownLatch(1);
    }

    /** Answers the held call and every later one at once. */
    public void release() {
        CountDownLatch h = held;
        held = null;
        if (h != null) {
            h.countDown();
        }
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    public String url(String path) {
        return url("127.0.0.1", path);
    }

    /** The receiver's port under another host spelling, e.g. {@code 0.0.0.0} or {@code [::1]}. */
    public String url(String host, String path) {
        return "http://" + host + ":" + server.getAddress().getPort() + path;
    }

    /** The next call not taken yet, or null after {@code seconds}. */
    public Call poll(double seconds) throws InterruptedException {
        return queue.poll((long) (seconds * 1000), TimeUnit.MILLISECONDS);
    }

    /** The next {@code n} calls, fewer if they do not come within {@code seconds}. */
    public List<Call> take(int n, double seconds) throws InterruptedException {
        List<Call> out = new ArrayList<>();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (out.size() < n) {
            long left = deadline - System.nanoTime();
            Call c = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (c == null) {
                break;
            }
            out.add(c);
        }
        return out;
    }

    /** The paths of every call so far, in order. */
    public List<String> paths() {
        return all.stream().map(Call::path).toList();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
