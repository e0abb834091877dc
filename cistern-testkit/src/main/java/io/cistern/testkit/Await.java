package io.cistern.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition that background threads will make true, failing with a description if they never do. */
public final class Await {
    private Await() {
    }

    /**
     * @param what the condition, for the failure message
     * @param limit how long to wait at most
     * @param condition polled every few milliseconds
     * @throws AssertionError if {@code limit} passes first
     */
    public static void until(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toMillis() + " ms waiting until " + what);
            }
            Thread.sleep(5);
        }
    }
}
