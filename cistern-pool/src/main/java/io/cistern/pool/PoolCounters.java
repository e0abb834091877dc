package io.cistern.pool;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The pool's lifetime counters. Adders for what the hot path bumps from many threads; the peak
 * and maximum are written only when exceeded, so in steady state they are only read.
 */
final class PoolCounters {
    final LongAdder created = new LongAdder();
    final LongAdder destroyed = new LongAdder();
    final LongAdder acquisitions = new LongAdder();
    final LongAdder firstUses = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder creationFailures = new LongAdder();
    final LongAdder validationsPassed = new LongAdder();
    final LongAdder validationsFailed = new LongAdder();
    final LongAdder leaksDetected = new LongAdder();
    final LongAdder acquireWaitNanos = new LongAdder();
    final AtomicLong maxAcquireWaitNanos = new AtomicLong();
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger peakActive = new AtomicInteger();

    void acquired(long waitNanos, boolean firstUse) {
        acquisitions.increment();
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
        int now = active.incrementAndGet();
        int peak = peakActive.get();
        while (now > peak && !peakActive.compareAndSet(peak, now)) {
            peak = peakActive.get();
        }
    }

    void released() {
        active.decrementAndGet();
    }
}
