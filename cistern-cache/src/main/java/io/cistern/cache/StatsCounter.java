package io.cistern.cache;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/** The cache's counters, striped so that counting does not become the point of contention. */
final class StatsCounter {

    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder expirations = new LongAdder();
    private final LongAdder loads = new LongAdder();
    private final LongAdder loadFailures = new LongAdder();
    private final LongAdder loadNanos = new LongAdder();

    void recordHit() {
        hits.increment();
    }

    void recordMiss() {
        misses.increment();
    }

    void recordEviction() {
        evictions.increment();
    }

    void recordExpiration() {
        expirations.increment();
    }

    void recordLoad(long nanos) {
        loads.increment();
        loadNanos.add(nanos);
    }

    void recordLoadFailure(long nanos) {
        loadFailures.increment();
        loadNanos.add(nanos);
    }

    CacheStats snapshot() {
        return new CacheStats(hits.sum(), misses.sum(), evictions.sum(), expirations.sum(), loads.sum(),
                loadFailures.sum(), Duration.ofNanos(loadNanos.sum()));
    }
}
