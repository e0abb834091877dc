package io.cistern.jdbc.monitor;

import io.cistern.pool.PoolStats;

/**
 * The rule that gives a sample its health, from the sample and the one before it (the counters
 * are compared over the interval between them):
 *
 * <ul>
 *   <li>{@link PoolHealth#UNHEALTHY} when the pool is closed; or the breaker in front of it (a
 *       cluster endpoint's) is open; or opening connections failed in
 *       the interval and none is alive; or acquires timed out in the interval and none succeeded.
 *   <li>{@link PoolHealth#DEGRADED} when the breaker is half-open (probing); or acquires timed
 *       out in the interval; or opening a
 *       connection failed in the interval; or callers are waiting with every connection lent out.
 *   <li>{@link PoolHealth#HEALTHY} otherwise.
 * </ul>
 *
 * A worse health applies at once; a better one only after {@value #RECOVERY_SAMPLES} samples in
 * a row say so, so a pool on the edge does not flap (see {@link PoolMonitor}).
 */
public final class HealthRule {
    /** Samples in a row that must agree before the health improves. */
    public static final int RECOVERY_SAMPLES = 2;

    private HealthRule() {
    }

    /** A verdict and its reason. */
    record Verdict(PoolHealth health, String reason) {
    }

    /**
     * @param previous the sample before, or {@code null} for the first
     * @param current this sample
     * @param closed whether the pool is closed
     * @param breaker the state of the breaker in front of the pool ({@code CLOSED}, {@code OPEN},
     *     {@code HALF_OPEN}), or {@code null} when there is none
     * @return the health of this sample and why
     */
    static Verdict judge(PoolStats previous, PoolStats current, boolean closed, String breaker) {
        if (closed) {
            return new Verdict(PoolHealth.UNHEALTHY, "closed");
        }
        if ("OPEN".equals(breaker)) {
            return new Verdict(PoolHealth.UNHEALTHY, "breaker open");
        }
        long timeouts = current.timeouts() - (previous != null ? previous.timeouts() : 0);
        long acquired = current.acquisitions() - (previous != null ? previous.acquisitions() : 0);
        long creationFailures = current.creationFailures() - (previous != null ? previous.creationFailures() : 0);
        int alive = current.active() + current.idle();
        if (creationFailures > 0 && alive == 0) {
            return new Verdict(PoolHealth.UNHEALTHY, creationFailures + " failed connection opens and no connection alive");
        }
        if (timeouts > 0 && acquired == 0) {
            return new Verdict(PoolHealth.UNHEALTHY, timeouts + " getConnection timeouts and none served");
        }
        if ("HALF_OPEN".equals(breaker)) {
            return new Verdict(PoolHealth.DEGRADED, "breaker half-open");
        }
        if (timeouts > 0) {
            return new Verdict(PoolHealth.DEGRADED, timeouts + " getConnection timeouts");
        }
        if (creationFailures > 0) {
            return new Verdict(PoolHealth.DEGRADED, creationFailures + " failed connection opens");
        }
        if (current.waiting() > 0 && current.active() >= current.maxSize()) {
            return new Verdict(PoolHealth.DEGRADED, current.waiting() + " callers waiting, all " + current.maxSize()
                    + " connections lent");
        }
        return new Verdict(PoolHealth.HEALTHY, "healthy");
    }
}
