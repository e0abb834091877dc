package io.cistern.pool;

import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The time the pools' hot paths see: {@link System#nanoTime()} as of at most {@link #TICK_NANOS}
 * ago, read with one volatile load. Reading the real clock costs about 25 ns on the machines we
 * measured, a quarter of a whole acquire-and-release; idle ages (validation bypass, lifetime,
 * idle timeout, leak age) only need to be right to a few milliseconds. Timeouts and measured
 * waits keep using the real clock.
 *
 * <p>One daemon thread, {@code cistern-clock}, advances it for all pools in the process; it runs
 * while at least one pool is open.
 */
final class CoarseClock {
    static final long TICK_NANOS = 20_000_000L;

    private static volatile long now = System.nanoTime();
    private static final ReentrantLock LIFECYCLE = new ReentrantLock();
    private static int users;
    private static Thread ticker;

    private CoarseClock() {
    }

    static long now() {
        return now;
    }

    /** A pool starts using the clock. */
    static void acquire() {
        LIFECYCLE.lock();
        try {
            now = System.nanoTime();
            if (users++ == 0) {
                Thread t = new Thread(CoarseClock::tick, "cistern-clock");
                t.setDaemon(true);
                ticker = t;
                t.start();
            }
        } finally {
            LIFECYCLE.unlock();
        }
    }

    /** A pool stops using the clock; the last one stops the thread. */
    static void release() {
        LIFECYCLE.lock();
        try {
            if (--users == 0) {
                ticker.interrupt();
                ticker = null;
            }
        } finally {
            LIFECYCLE.unlock();
        }
    }

    private static void tick() {
        Thread self = Thread.currentThread();
        while (!self.isInterrupted()) {
            now = System.nanoTime();
            LockSupport.parkNanos(TICK_NANOS);
        }
    }
}
