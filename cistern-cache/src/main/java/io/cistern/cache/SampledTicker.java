package io.cistern.cache;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link System#nanoTime()} as sampled about once a millisecond by one shared daemon thread, for
 * stamping entries that never expire.
 *
 * <p>Why: on virtualised machines reading the clock serialises the processor, and in a put that
 * otherwise waits on cache misses it cost about 55 ns, as much as the rest of the put. A stamp that
 * is only reported ({@link CacheResult#cachedAt()}) does not need that precision; expiry keeps
 * using the exact ticker.
 *
 * <p>The thread runs only while stamps are being read: after a second without a read it stops, and
 * the next read, which then takes the exact time itself, starts it again. A sample is behind the
 * true time by up to a millisecond, more when the machine is so busy that the thread is not
 * scheduled on time.
 */
final class SampledTicker {

    private static final long PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int IDLE_PERIODS_BEFORE_STOPPING = 1000;

    private static final AtomicBoolean RUNNING = new AtomicBoolean();
    private static volatile long sample;
    /** Written by readers only when clear, so that a busy cache does not write it on every put. */
    private static volatile boolean readSinceSample;

    private SampledTicker() {
    }

    static long read() {
        if (!RUNNING.get()) {
            return start();
        }
        if (!readSinceSample) {
            readSinceSample = true;
        }
        return sample;
    }

    private static long start() {
        long now = System.nanoTime();
        if (RUNNING.compareAndSet(false, true)) {
            sample = now;
            readSinceSample = true;
            Thread thread = new Thread(SampledTicker::sampleWhileRead, "cistern-cache-ticker");
            thread.setDaemon(true);
            thread.start();
        }
        return now;
    }

    private static void sampleWhileRead() {
        int idlePeriods = 0;
        while (idlePeriods < IDLE_PERIODS_BEFORE_STOPPING) {
            LockSupport.parkNanos(PERIOD_NANOS);
            sample = System.nanoTime();
            if (readSinceSample) {
                readSinceSample = false;
                idlePeriods = 0;
            } else {
                idlePeriods++;
            }
        }
        // A reader that saw RUNNING just before this gets the last sample, at most a period old.
        RUNNING.set(false);
    }
}
