package io.cistern.pool.limit;

import java.util.concurrent.atomic.AtomicBoolean;

/** The right to run one operation under a {@link ConcurrencyLimiter}; close it when done. */
public final class Permit implements AutoCloseable {
    private final ConcurrencyLimiter limiter;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile boolean failed;

    Permit(ConcurrencyLimiter limiter) {
        this.limiter = limiter;
    }

    /** Counts the operation as failed when the permit is closed. */
    public void markFailed() {
        failed = true;
    }

    /** Gives the permit back, counting the operation as succeeded unless marked failed. Idempotent. */
    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            limiter.release(!failed);
        }
    }
}
