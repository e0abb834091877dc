package io.cistern.clock;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link System#nanoTime()} as sampled by one shared daemon thread, {@code cistern-clock}, for hot
 * paths that need a time but not a precise one. Reading it is one volatile load (0.3 ns);
 * reading the real clock costs about 25 ns on the 2-core VM we measured (cistern-bench's
 * ClockReadBenchmark, 2026-12-07), more than a whole acquire-and-release of a pool at one thread
 * (about 22 ns: 45 cycles per microsecond in ConnectionCycleBenchmark), and in a cache put, where
 * it also serialises the processor, about 55 ns, as much as the rest of the put.
 *
 * <p>Two ways to read it, for two kinds of user:
 * <ul>
 *   <li>{@link #hold()}, then {@link #now()}, then {@link #release()}: for an owner with a
 *       lifecycle (a pool, from start to close). While anyone holds it the thread samples at
 *       least every {@link #HELD_PERIOD_NANOS} (20 ms), and {@code now()} is a bare load with
 *       no bookkeeping. Idle ages (validation bypass, lifetime, idle timeout, leak age) need no
 *       more precision than that.</li>
 *   <li>{@link #read()}: for a user with no lifecycle (a cache stamping entries). The first
 *       read after a quiet second takes the exact time itself and speeds the thread up to sample
 *       every {@link #READ_PERIOD_NANOS} (1 ms); after a second without reads it slows down
 *       again, and stops when nobody holds it either.</li>
 * </ul>
 * A sample is behind the true time by up to a period, more when the machine is so busy that the
 * thread is not scheduled on time. Timeouts and measured waits must use the real clock.
 *
 * <p>Why a module of its own: cistern-pool (which depends only on SLF4J) and cistern-cache (which
 * depends only on Caffeine) both read it on their hot paths, and neither should depend on the
 * other; this module depends on nothing. The test jar's {@code ClockDriver} moves the clock
 * forward for tests, through the package-private {@link #advance(long)}.
 */
public final class SampledClock {
    /** The slowest the thread samples while the clock is held. */
    public static final long HELD_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** How often the thread samples while {@link #read()} is being called. */
    public static final long READ_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Fast periods without a read after which the thread slows down (a second). */
    private static final int QUIET_PERIODS_BEFORE_SLOWING = 1000;

    private static volatile long sample = System.nanoTime();
    /** Whether the thread samples every millisecond, for readers of {@link #read()}. */
    private static volatile boolean fast;
    /** Written by readers only when clear, so that a busy reader does not write it on every read. */
    private static volatile boolean readSinceSample;
    /** Added to every sample; only tests move it, through {@link #advance(long)}. */
    private static volatile long offsetNanos;

    private static final ReentrantLock LIFECYCLE = new ReentrantLock();
    /** Guarded by LIFECYCLE; volatile so that the thread can look without the lock. */
    private static volatile int holders;
    /** Guarded by LIFECYCLE: the sampling thread, or null when none runs. */
    private static Thread sampler;

    private SampledClock() {
    }

    /**
     * The time as last sampled: one volatile load. Only meaningful while the caller
     * {@linkplain #hold() holds} the clock; otherwise it may be arbitrarily old.
     *
     * @return a {@link System#nanoTime()} value at most about {@link #HELD_PERIOD_NANOS} old
     */
    public static long now() {
        return sample;
    }

    /** Starts using {@link #now()}: the sampling thread runs until every holder has released it. */
    public static void hold() {
        LIFECYCLE.lock();
        try {
            sample = exact();
            holders++;
            ensureSampler();
        } finally {
            LIFECYCLE.unlock();
        }
    }

    /** Stops using {@link #now()}; one call per {@link #hold()}. */
    public static void release() {
        LIFECYCLE.lock();
        try {
            if (holders == 0) {
                throw new IllegalStateException("SampledClock.release() without a matching hold()");
            }
            holders--;
        } finally {
            LIFECYCLE.unlock();
        }
    }

    /**
     * The time to within about a millisecond, with no lifecycle to manage: the sample while the
     * thread samples every millisecond, else the exact time (and the thread is sped up).
     *
     * @return a {@link System#nanoTime()} value at most about {@link #READ_PERIOD_NANOS} old
     */
    public static long read() {
        if (!fast) {
            return speedUp();
        }
        if (!readSinceSample) {
            readSinceSample = true;
        }
        return sample;
    }

    private static long speedUp() {
        long now = exact();
        LIFECYCLE.lock();
        try {
            readSinceSample = true;
            if (!fast) {
                sample = now;
                fast = true;
                // A thread sleeping out a held period would keep the sample 20 ms stale.
                if (sampler != null) {
                    LockSupport.unpark(sampler);
                }
                ensureSampler();
            }
        } finally {
            LIFECYCLE.unlock();
        }
        return now;
    }

    /** Moves the clock forward by {@code nanos} for every reader in the process (tests only). */
    static void advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("advance = " + nanos + " ns is not allowed; allowed: zero or more (the clock is monotonic)");
        }
        LIFECYCLE.lock();
        try {
            offsetNanos += nanos;
            sample += nanos;
        } finally {
            LIFECYCLE.unlock();
        }
    }

    private static long exact() {
        return System.nanoTime() + offsetNanos;
    }

    /** Called with LIFECYCLE held. */
    private static void ensureSampler() {
        if (sampler == null) {
            Thread t = new Thread(SampledClock::sample, "cistern-clock");
            t.setDaemon(true);
            sampler = t;
            t.start();
        }
    }

    private static void sample() {
        int quietPeriods = 0;
        for (;;) {
            LockSupport.parkNanos(fast ? READ_PERIOD_NANOS : HELD_PERIOD_NANOS);
            sample = exact();
            if (fast) {
                if (readSinceSample) {
                    readSinceSample = false;
                    quietPeriods = 0;
                    continue;
                }
                if (++quietPeriods < QUIET_PERIODS_BEFORE_SLOWING) {
                    continue;
                }
            } else if (holders > 0) {
                continue;
            }
            quietPeriods = 0;
            if (stopOrSlowDown()) {
                return;
            }
        }
    }

    /**
     * Readers have been quiet for a second, or nobody holds the clock: slows to the held period,
     * or stops the thread if nobody holds it. A reader that saw {@code fast} just before this
     * gets the last sample, at most a period old; the next one takes the exact time.
     *
     * @return whether the thread is to stop
     */
    private static boolean stopOrSlowDown() {
        LIFECYCLE.lock();
        try {
            if (fast && readSinceSample) {
                return false;
            }
            fast = false;
            if (holders > 0) {
                return false;
            }
            sampler = null;
            return true;
        } finally {
            LIFECYCLE.unlock();
        }
    }
}
