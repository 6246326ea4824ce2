package dev.rocket.webhook;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The webhook sender threads, shared fairly by the apps. Each app has a lane: its own queue of at most
 * {@code capacity} tasks, of which at most {@code perApp} run at once. A lane hands its next task to the senders
 * only when one of its own finishes, behind the tasks other apps handed over meanwhile, so apps with work are
 * served in turn and an app whose endpoint hangs occupies at most {@code perApp} senders while the others' deliveries
 * go out. Memory is bounded: a full lane refuses the task (the caller leaves its row to the retry task), and the
 * senders' own queue never holds more than {@code perApp} tasks per app. Lanes without work are dropped.
 */
final class SenderLanes implements AutoCloseable {
    private final int perApp;
    private final int capacity;
    private final ThreadPoolExecutor senders;
    private final Map<Object, Lane> lanes = new HashMap<>();
    private boolean closed;

    private static final class Lane {
        final Object app;
        final ArrayDeque<Runnable> queue = new ArrayDeque<>();
        int running;

        Lane(Object app) {
            this.app = app;
        }
    }

    /**
     * @param threads  sender threads in all
     * @param perApp   most of them one app may occupy at once
     * @param capacity tasks an app may have waiting
     */
    SenderLanes(int threads, int perApp, int capacity) {
        if (threads < 1 || perApp < 1 || capacity < 1) {
            throw new IllegalArgumentException("threads, perApp and capacity must be at least 1");
        }
        this.perApp = Math.min(perApp, threads);
        this.capacity = capacity;
        AtomicInteger n = new AtomicInteger();
        this.senders = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "rocket-webhook-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        senders.allowCoreThreadTimeOut(true);
    }

    /** Queues a task of {@code app} (any key identifying the app); false when its lane is full or the lanes closed. */
    synchronized boolean offer(Object app, Runnable task) {
        if (closed) {
            return false;
        }
        Lane lane = lanes.computeIfAbsent(app, Lane::new);
        if (lane.queue.size() >= capacity) {
            return false;
        }
        lane.queue.add(task);
        pump(lane);
        return true;
    }

    /** Hands the lane's next tasks to the senders while it is under its share; drops an idle lane. */
    private void pump(Lane lane) {
        while (!closed && lane.running < perApp && !lane.queue.isEmpty()) {
            Runnable task = lane.queue.poll();
            lane.running++;
            try {
                senders.execute(() -> run(lane, task));
            } catch (RejectedExecutionException e) {
                lane.running--;
                lane.queue.clear(); // shutting down: the rows stay for the retry task
            }
        }
        if (lane.running == 0 && lane.queue.isEmpty()) {
            lanes.remove(lane.app);
        }
    }

    private void run(Lane lane, Runnable task) {
        try {
            task.run();
        } finally {
            synchronized (this) {
                lane.running--;
                pump(lane);
            }
        }
    }

    /** Stops taking tasks, drops the waiting ones (their rows stay for the retry task), lets running ones end. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            lanes.values().forEach(l -> l.queue.clear());
        }
        senders.shutdown();
        try {
            if (!senders.awaitTermination(5, TimeUnit.SECONDS)) {
                senders.shutdownNow();
            }
        } catch (InterruptedException e) {
            senders.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
