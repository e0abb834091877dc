package io.cistern.clock;

import java.time.Duration;

/**
 * Moves {@link SampledClock} forward from a test, so that a test of idle ages (a lifetime, an idle
 * timeout, a validation window, a leak threshold) need not sleep through them. Shipped in this
 * module's test jar only: production code cannot reach it.
 *
 * <p>The clock is one per process, so a jump is seen by everything in the test JVM that reads it:
 * only tests that run one at a time should drive it (surefire runs test classes one after another
 * here). Time only moves forward, and the real clock keeps running underneath.
 */
public final class ClockDriver {
    private ClockDriver() {
    }

    /**
     * Makes every reading of the clock from now on later by {@code by}, as if that much time had
     * passed at once.
     *
     * @param by how far to move; zero or more
     * @throws IllegalArgumentException if {@code by} is negative
     */
    public static void advance(Duration by) {
        SampledClock.advance(by.toNanos());
    }
}
