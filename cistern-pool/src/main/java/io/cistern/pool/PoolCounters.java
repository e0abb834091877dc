package io.cistern.pool;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The pool's lifetime counters. The hot path bumps one atomic per acquire and one per release
 * (leases out = acquired - released); rarer events use adders; the peak and maximum are written
 * only when exceeded, so in steady state they are only read.
 */
final class PoolCounters {
    final LongAdder created = new LongAdder();
    final LongAdder destroyed = new LongAdder();
    /** Leases handed out and returned, ever; their difference is the number out now. */
    final AtomicLong acquired = new AtomicLong();
    final AtomicLong released = new AtomicLong();
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
        int active = (int) (acquired.incrementAndGet() - released.get());
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
        int peak = peakActive.get();
        while (active > peak && !peakActive.compareAndSet(peak, active)) {
            peak = peakActive.get();
        }
    }

    void released() {
        released.incrementAndGet();
    }

    long active() {
        return acquired.get() - released.get();
    }
}
