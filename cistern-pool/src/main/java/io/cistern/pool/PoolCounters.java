package io.cistern.pool;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The pool's lifetime counters, none of which an acquire from an idle resource writes (but for
 * the first lease of each resource): leases are counted on the entries themselves (see
 * {@link PoolEntry#countUse()}), and leases out are counted here only when the pool was asked to
 * ({@link PoolConfig#trackActiveCount()}). The maximum wait is written only when exceeded.
 */
final class PoolCounters {
    final LongAdder created = new LongAdder();
    final LongAdder destroyed = new LongAdder();
    /**
     * Leases handed out and returned, ever, when leases out are tracked; their difference is the
     * number out now. Striped adders, but even those, bumped twice per cycle, took a third of the
     * throughput with 8 threads on 2 cores, hence only on request.
     */
    final LongAdder acquired = new LongAdder();
    final LongAdder released = new LongAdder();
    /** Leases served by resources that have since been retired (the live ones keep their own count). */
    final LongAdder retiredUses = new LongAdder();
    final LongAdder firstUses = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder creationFailures = new LongAdder();
    final LongAdder validationsPassed = new LongAdder();
    final LongAdder validationsFailed = new LongAdder();
    final LongAdder leaksDetected = new LongAdder();
    final LongAdder acquireWaitNanos = new LongAdder();
    final AtomicLong maxAcquireWaitNanos = new AtomicLong();
    final AtomicInteger peakActive = new AtomicInteger();

    /** Records the wait of an acquire that had to wait. */
    void waited(long waitNanos) {
        if (waitNanos > 0) {
            acquireWaitNanos.add(waitNanos);
            long max = maxAcquireWaitNanos.get();
            while (waitNanos > max && !maxAcquireWaitNanos.compareAndSet(max, waitNanos)) {
                max = maxAcquireWaitNanos.get();
            }
        }
    }

}
