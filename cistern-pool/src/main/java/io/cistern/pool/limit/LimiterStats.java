package io.cistern.pool.limit;

import java.time.Duration;

/**
 * A snapshot of a {@link ConcurrencyLimiter}'s state and counters.
 *
 * @param name the limiter's name
 * @param maxConcurrent the configured bound
 * @param active operations running now
 * @param waiting callers waiting for a permit (an estimate, as {@link java.util.concurrent.Semaphore} gives it)
 * @param total acquire attempts
 * @param succeeded operations that finished without failure
 * @param failed operations that failed
 * @param timeouts attempts that gave up waiting
 * @param peakActive the most operations running at once
 * @param totalWaitNanos time spent waiting for permits that were granted, summed
 * @param maxWaitNanos the longest wait for a granted permit
 */
public record LimiterStats(String name, int maxConcurrent, int active, int waiting,
                           long total, long succeeded, long failed, long timeouts, int peakActive,
                           long totalWaitNanos, long maxWaitNanos) {

    /** @return mean wait of a granted permit */
    public Duration meanWait() {
        long granted = total - timeouts;
        return granted <= 0 ? Duration.ZERO : Duration.ofNanos(totalWaitNanos / granted);
    }

    /** @return the state part of the snapshot, as used in error messages */
    public String stateSummary() {
        return "active=" + active + ", waiting=" + waiting + ", max=" + maxConcurrent;
    }
}
