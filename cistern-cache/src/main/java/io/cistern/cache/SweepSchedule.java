package io.cistern.cache;

import java.lang.ref.WeakReference;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * When a cache's next background sweep of expired entries runs, on the shared
 * {@link ExpiryScheduler} thread. Sweeps are paced by the earliest deadline rather than run
 * periodically, so a cache without expiring entries costs the thread nothing. Used under the owning
 * cache's lock.
 */
final class SweepSchedule {

    /** An earlier sweep already scheduled within this margin of a new deadline is good enough. */
    private static final long COALESCING_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Keeps a ticker that stands still just short of a deadline (a test's) from spinning the thread. */
    private static final long MINIMUM_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Runnable sweep;
    private ScheduledFuture<?> pending;
    private long pendingDeadline;

    SweepSchedule(AbstractQueryCache<?, ?> cache) {
        // Only a weak reference: a pending sweep must not keep an abandoned cache alive.
        WeakReference<AbstractQueryCache<?, ?>> weakCache = new WeakReference<>(cache);
        this.sweep = () -> {
            AbstractQueryCache<?, ?> target = weakCache.get();
            if (target != null) {
                target.sweepExpired();
            }
        };
    }

    /** Makes sure a sweep runs by {@code deadline} (give or take the coalescing margin). */
    void sweepBy(long deadline, long now) {
        if (pending != null && pendingDeadline - deadline <= COALESCING_NANOS) {
            return;
        }
        if (pending != null) {
            pending.cancel(false);
        }
        pendingDeadline = deadline;
        pending = ExpiryScheduler.executor().schedule(sweep,
                Math.max(deadline - now, MINIMUM_DELAY_NANOS), TimeUnit.NANOSECONDS);
    }

    /** Called by the sweep when it starts, so that it can schedule its successor. */
    void started() {
        pending = null;
    }
}
