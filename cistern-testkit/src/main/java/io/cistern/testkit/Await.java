package io.cistern.testkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Polls a condition that background threads will make true, failing with a description if they
 * never do, so tests wait for events instead of sleeping for luck. The one argument order is
 * what, how long, the condition: the description reads first, as in an assertion's {@code as}.
 */
public final class Await {
    /** The bound when a test names none: generous, since a loaded 2-core CI machine is slow. */
    public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(10);

    private Await() {
    }

    /**
     * @param what the condition, for the failure message
     * @param limit how long to wait at most
     * @param condition polled every few milliseconds
     * @return milliseconds it took, for tests that report how fast something recovered
     * @throws AssertionError if {@code limit} passes first
     */
    public static long until(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toMillis() + " ms waiting until " + what);
            }
            Thread.sleep(5);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /** {@link #until(String, Duration, BooleanSupplier)} within {@link #DEFAULT_LIMIT}. */
    public static long until(String what, BooleanSupplier condition) throws InterruptedException {
        return until(what, DEFAULT_LIMIT, condition);
    }
}
