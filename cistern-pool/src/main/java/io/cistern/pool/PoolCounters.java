package io.cistern.pool;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The pool's lifetime counters. The hot path bumps one striped adder per acquire and one per
 * release (leases out = acquired - released); the peak is sampled (see {@link #samplePeak()});
 * the maximum wait is written only when exceeded.
 */
final class PoolCounters {
    final LongAdder created = new LongAdder();
    final LongAdder destroyed = new LongAdder();
    /**
     * Leases handed out and returned, ever; their difference is the number out now. Striped
     * adders, because one shared counter written by every acquire bounces its cache line between
     * cores and halved multi-threaded throughput in the benchmarks.
     */
    final LongAdder acquired = new LongAdder();
    final LongAdder released = new LongAdder();
    final LongAdder firstUses = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder creationFailures = new LongAdder();
    final LongAdder validationsPassed = new LongAdder();
    final LongAdder validationsFailed = new LongAdder();
    final LongAdder leaksDetected = new LongAdder();
    final LongAdder acquireWaitNanos = new LongAdder();
    final AtomicLong maxAcquireWaitNanos = new AtomicLong();
    final AtomicInteger peakActive = new AtomicInteger();

    void acquired(long waitNanos, boolean firstUse) {
        acquired.increment();
        if (firstUse) {
            firstUses.increment();
        }
        if (waitNanos > 0) {
            acquireWaitNanos.add(waitNanos);
            long max = maxAcquireWaitNanos.get();
            while (waitNanos > max && !maxAcquireWaitNanos.compareAndSet(max, waitNanos)) {
                max = maxAcquireWaitNanos.get();
            }
        }
    }

    void released() {
        released.increment();
    }

    long active() {
        return acquired.sum() - released.sum();
    }

    /**
     * Records the number of leases out now as the peak if it is higher. Called when a caller had
     * to wait (the pool is then exhausted, which is when the peak matters), on every 64th use of
     * each resource, on every statistics read and every housekeeping run; summing the adders on
     * every acquire would cost what the stripes save.
     */
    void samplePeak() {
        int active = (int) active();
        int peak = peakActive.get();
        while (active > peak && !peakActive.compareAndSet(peak, active)) {
            peak = peakActive.get();
        }
    }
}
