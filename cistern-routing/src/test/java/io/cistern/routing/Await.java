package io.cistern.routing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Polls a condition with a generous bound, so tests wait for events instead of sleeping for luck. */
final class Await {
    private Await() {
    }

    /**
     * @return milliseconds it took
     * @throws AssertionError if the condition did not hold within the bound
     */
    static long until(Duration within, String what, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not reached within " + within + ": " + what);
            }
            Thread.sleep(10);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}
