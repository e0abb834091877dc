package io.cistern.jdbc.breaker;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Successes and failures over the last sliding window, in ten time buckets. Lock-free: a bucket
 * whose time has passed is replaced by compare-and-set, and a count racing with the replacement
 * may be lost, which a rate over hundreds of calls does not notice.
 */
final class FailureRateWindow {
    private static final int BUCKETS = 10;

    private final AtomicReferenceArray<Bucket> buckets = new AtomicReferenceArray<>(BUCKETS);
    private final long bucketNanos;
    private final int minimumCalls;
    private final int thresholdPercent;
    private final LongSupplier nanoClock;

    FailureRateWindow(CircuitBreakerConfig config, LongSupplier nanoClock) {
        this.bucketNanos = Math.max(1, config.slidingWindow().toNanos() / BUCKETS);
        this.minimumCalls = config.minimumCalls();
        this.thresholdPercent = config.failureRateThreshold();
        this.nanoClock = nanoClock;
    }

    /**
     * @param failure whether the outcome was a failure
     * @return whether, counting this outcome, the window's failure rate reaches the threshold
     */
    boolean record(boolean failure) {
        long epoch = nanoClock.getAsLong() / bucketNanos;
        Bucket b = current(epoch);
        (failure ? b.failures : b.successes).increment();
        if (!failure) {
            return false;
        }
        long failed = 0;
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            Bucket x = buckets.get(i);
            if (x != null && epoch - x.epoch < BUCKETS) {
                long f = x.failures.sum();
                failed += f;
                total += f + x.successes.sum();
            }
        }
        return total >= minimumCalls && failed * 100 >= (long) thresholdPercent * total;
    }

    private Bucket current(long epoch) {
        int slot = (int) Math.floorMod(epoch, (long) BUCKETS);
        for (;;) {
            Bucket b = buckets.get(slot);
            if (b != null && b.epoch == epoch) {
                return b;
            }
            Bucket fresh = new Bucket(epoch);
            if (buckets.compareAndSet(slot, b, fresh)) {
                return fresh;
            }
        }
    }

    void clear() {
        for (int i = 0; i < BUCKETS; i++) {
            buckets.set(i, null);
        }
    }

    private static final class Bucket {
        final long epoch;
        final LongAdder successes = new LongAdder();
        final LongAdder failures = new LongAdder();

        Bucket(long epoch) {
            this.epoch = epoch;
        }
    }
}
