package io.cistern.sqlite;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Per-path breaker over opens: after {@code threshold} consecutive failures it refuses opens for
 * {@code cooldown}; then one open is let through, and it closes on success or re-opens on failure.
 * Guarded by the path's lock in {@link SqliteDatabases}, so it needs no synchronisation of its own.
 */
final class CircuitBreaker {
    private final LongSupplier ticker;
    private int threshold;
    private long cooldownNanos;
    private int consecutiveFailures;
    private long openUntil;
    private boolean open;
    private Throwable lastFailure;

    CircuitBreaker(int threshold, Duration cooldown, LongSupplier ticker) {
        this.ticker = ticker;
        configure(threshold, cooldown);
    }

    /** Takes the settings of the latest open of this path. */
    void configure(int threshold, Duration cooldown) {
        this.threshold = threshold;
        this.cooldownNanos = cooldown.toNanos();
    }

    /** @return the remaining cooldown while open, or {@code null} if an open may be tried */
    Duration refusal() {
        if (!open) {
            return null;
        }
        long left = openUntil - ticker.getAsLong();
        return left > 0 ? Duration.ofNanos(left) : null;
    }

    void recordSuccess() {
        consecutiveFailures = 0;
        open = false;
        lastFailure = null;
    }

    /** @return whether this failure opened (or re-opened) the breaker */
    boolean recordFailure(Throwable failure) {
        lastFailure = failure;
        consecutiveFailures++;
        if (consecutiveFailures >= threshold) {
            open = true;
            openUntil = ticker.getAsLong() + cooldownNanos;
            return true;
        }
        return false;
    }

    int consecutiveFailures() {
        return consecutiveFailures;
    }

    Throwable lastFailure() {
        return lastFailure;
    }

    void reset() {
        recordSuccess();
    }
}
