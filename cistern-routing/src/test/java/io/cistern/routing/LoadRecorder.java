package io.cistern.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a request in a loop on several threads and records every outcome with its time, so a
 * test can say exactly how many requests failed, which server served them and how long the
 * slowest one waited, before, during and after a fault.
 */
final class LoadRecorder implements AutoCloseable {

    /** One request: when it started (ns since the recorder's start), how long it took, and what served it. */
    record Outcome(long startedNanos, long tookNanos, String server, Throwable failure) {
        boolean failed() {
            return failure != null;
        }

        long tookMillis() {
            return TimeUnit.NANOSECONDS.toMillis(tookNanos);
        }
    }

    /** A request under load: returns a label of the server that served it. */
    @FunctionalInterface
    interface Request {
        String run() throws Exception;
    }

    private final long origin = System.nanoTime();
    private final ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    LoadRecorder(int threadCount, long pauseMillis, Request request) {
        for (int i = 0; i < threadCount; i++) {
            Thread t = new Thread(() -> {
                while (running.get()) {
                    long start = System.nanoTime();
                    String server = null;
                    Throwable failure = null;
                    try {
                        server = request.run();
                    } catch (Throwable e) {
                        failure = e;
                    }
                    long end = System.nanoTime();
                    outcomes.add(new Outcome(start - origin, end - start, server, failure));
                    if (pauseMillis > 0) {
                        try {
                            Thread.sleep(pauseMillis);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "load-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** @return nanoseconds since the recorder started, on the clock of {@link Outcome#startedNanos()} */
    long now() {
        return System.nanoTime() - origin;
    }

    /** @return the outcomes of requests started at or after {@code fromNanos} */
    List<Outcome> since(long fromNanos) {
        List<Outcome> list = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.startedNanos() >= fromNanos) {
                list.add(o);
            }
        }
        return list;
    }

    /**
     * @return the outcomes of requests that ran entirely within [from, to): a request still
     *     waiting when a server came back belongs to neither side of that moment
     */
    List<Outcome> between(long fromNanos, long toNanos) {
        List<Outcome> list = new ArrayList<>();
        for (Outcome o : outcomes) {
            if (o.startedNanos() >= fromNanos && o.startedNanos() + o.tookNanos() < toNanos) {
                list.add(o);
            }
        }
        return list;
    }

    static long failures(List<Outcome> list) {
        return list.stream().filter(Outcome::failed).count();
    }

    static long slowestMillis(List<Outcome> list) {
        return list.stream().mapToLong(Outcome::tookMillis).max().orElse(0);
    }

    static long servedBy(List<Outcome> list, String server) {
        return list.stream().filter(o -> server.equals(o.server())).count();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}
