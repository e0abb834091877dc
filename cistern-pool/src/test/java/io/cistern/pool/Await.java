package io.cistern.pool;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition that background threads will make true, failing with a description if they never do. */
final class Await {
    private Await() {
    }

    static void until(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toMillis() + " ms waiting until " + what);
            }
            Thread.sleep(2);
        }
    }

    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        until(what, Duration.ofSeconds(10), condition);
    }
}
