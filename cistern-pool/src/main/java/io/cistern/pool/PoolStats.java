package io.cistern.pool;

import java.time.Duration;

/**
 * A point-in-time snapshot of a pool's state and lifetime counters, cheap enough to read on every
 * scrape. Counters only grow; gauges ({@code total}, {@code active}, {@code idle},
 * {@code waiting}, {@code pendingCreates}) are read one after another, not atomically together.
 * {@code acquisitions} and {@code reuses} are added up from each resource's own count (so that
 * an acquire writes no shared counter): a read that coincides with a resource being retired may
 * count that resource's leases twice or not at all, and the next read is right again.
 *
 * @param poolName the pool's name
 * @param maxSize the configured maximum
 * @param minIdle the configured idle floor
 * @param total resources counted against the maximum: alive, being created or being destroyed
 * @param active resources leased out
 * @param idle resources ready to lease
 * @param waiting callers waiting for a resource
 * @param pendingCreates creations under way
 * @param created resources created since the start
 * @param destroyed resources destroyed since the start
 * @param acquisitions successful acquires
 * @param reuses acquires served by a resource that had served an earlier lease
 * @param timeouts acquires that gave up after the timeout
 * @param creationFailures creations that threw or timed out
 * @param validationsPassed validations that found the resource usable
 * @param validationsFailed validations that found it broken
 * @param leaksDetected leases reported as held past the leak threshold
 * @param peakActive the most resources seen leased out at once, sampled whenever a caller had to
 *     wait, on every 64th use of each resource, at every statistics read and every housekeeping
 *     run; sustained load is always seen, a short burst that never exhausted the pool may not be
 * @param totalAcquireWaitNanos time spent waiting in successful acquires, summed; an acquire served
 *     at once from an idle resource counts as zero (a {@link PoolListener} gets exact timings)
 * @param maxAcquireWaitNanos the longest wait of a successful acquire
 */
public record PoolStats(
        String poolName, int maxSize, int minIdle,
        int total, int active, int idle, int waiting, int pendingCreates,
        long created, long destroyed, long acquisitions, long reuses, long timeouts,
        long creationFailures, long validationsPassed, long validationsFailed, long leaksDetected,
        int peakActive, long totalAcquireWaitNanos, long maxAcquireWaitNanos) {

    /** @return share of acquires served by reuse rather than a fresh resource, 0 to 1 */
    public double reuseRatio() {
        long served = reuses + created;
        return served == 0 ? 0.0 : (double) reuses / served;
    }

    /** @return share of the maximum size leased out right now, 0 to 1 */
    public double utilization() {
        return (double) active / maxSize;
    }

    /** @return share of acquire attempts that got a resource, 1 when there were none */
    public double successRate() {
        long attempts = acquisitions + timeouts;
        return attempts == 0 ? 1.0 : (double) acquisitions / attempts;
    }

    /** @return share of acquire attempts that timed out, 0 when there were none */
    public double timeoutRate() {
        long attempts = acquisitions + timeouts;
        return attempts == 0 ? 0.0 : (double) timeouts / attempts;
    }

    /** @return time spent in successful acquires, summed */
    public Duration totalAcquireWait() {
        return Duration.ofNanos(totalAcquireWaitNanos);
    }

    /** @return mean time of a successful acquire */
    public Duration meanAcquireWait() {
        return acquisitions == 0 ? Duration.ZERO : Duration.ofNanos(totalAcquireWaitNanos / acquisitions);
    }

    /** @return the longest successful acquire */
    public Duration maxAcquireWait() {
        return Duration.ofNanos(maxAcquireWaitNanos);
    }

    /** @return the state part of the snapshot, as used in error messages */
    public String stateSummary() {
        return "total=" + total + ", active=" + active + ", idle=" + idle + ", waiting=" + waiting
                + ", pendingCreates=" + pendingCreates + ", max=" + maxSize;
    }
}
