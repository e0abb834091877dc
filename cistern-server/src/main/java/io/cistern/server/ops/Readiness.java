package io.cistern.server.ops;

import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.StoreAccess;
import io.cistern.server.security.Redaction;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Whether the store can write now: a write transaction that runs {@code SELECT 1} (on SQLite it
 * takes the write lock, so a store whose file is locked or read-only is not ready), at most once
 * a second; the last two minutes of answers are kept for the dashboard.
 */
public final class Readiness {

    /** One answer. */
    public record Sample(Instant at, boolean ready, long micros, String error) {
    }

    private static final int HISTORY = 120;
    private static final long MIN_INTERVAL_NANOS = 1_000_000_000L;

    private final MemoryStore store;
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<Sample> history = new ArrayDeque<>();
    private volatile Sample last;
    private long lastNanos;

    /** @param store the store to probe */
    public Readiness(MemoryStore store) {
        this.store = store;
    }

    /** @return a fresh answer, or the last one if it is under a second old */
    public Sample check() {
        lock.lock();
        try {
            long now = System.nanoTime();
            if (last != null && now - lastNanos < MIN_INTERVAL_NANOS) {
                return last;
            }
            Sample s = probe();
            last = s;
            lastNanos = now;
            history.addLast(s);
            while (history.size() > HISTORY) {
                history.removeFirst();
            }
            return s;
        } finally {
            lock.unlock();
        }
    }

    /** @return the kept answers, oldest first */
    public List<Sample> history() {
        lock.lock();
        try {
            return new ArrayList<>(history);
        } finally {
            lock.unlock();
        }
    }

    private Sample probe() {
        long start = System.nanoTime();
        try {
            StoreAccess.write(store, "readiness probe", c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
                return null;
            });
            return new Sample(Instant.now(), true, (System.nanoTime() - start) / 1000, null);
        } catch (RuntimeException e) {
            return new Sample(Instant.now(), false, (System.nanoTime() - start) / 1000, Redaction.clean(e.getMessage()));
        }
    }
}
