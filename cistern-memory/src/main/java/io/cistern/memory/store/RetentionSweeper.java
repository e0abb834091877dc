package io.cistern.memory.store;

import io.cistern.memory.retention.Retention;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's own housekeeping of time to live: every {@link MemoryStoreConfig#retentionSweep()}
 * one daemon thread runs {@link Retention#purgeExpired} in its default batches, so an application
 * that set a TTL needs nothing more. A store without TTL settings pays two indexed queries a sweep
 * that find nothing. A failed sweep is logged and the next one tries again: a purge is idempotent,
 * and a database that is down now should not stop the housekeeping for good.
 */
final class RetentionSweeper implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionSweeper.class);

    private final ScheduledExecutorService thread;

    private RetentionSweeper(MemoryStore store, Duration period) {
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cistern-memory-retention");
            t.setDaemon(true);
            return t;
        });
        long nanos = period.toNanos();
        thread.scheduleWithFixedDelay(() -> sweep(store), nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** @return a running sweeper, or null when the period is zero (the application purges itself) */
    static RetentionSweeper start(MemoryStore store, Duration period) {
        return period.isZero() ? null : new RetentionSweeper(store, period);
    }

    private static void sweep(MemoryStore store) {
        try {
            Retention.on(store).purgeExpired(Instant.now(), Retention.DEFAULT_BATCH);
        } catch (RuntimeException e) {
            LOG.warn("retention sweep of {} failed; the next one tries again: {}", store.description(), e.toString());
        }
    }

    /** Stops sweeping; a sweep under way finishes its current transaction first (bounded by 30 s). */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
