package io.cistern.jdbc.monitor;

import io.cistern.pool.PoolStats;
import io.cistern.pool.config.NotAllowed;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history and health of one pool: every {@code monitorInterval} a sample of its statistics
 * goes into a ring of the last {@code monitorHistory} samples, and {@link HealthRule} gives it a
 * health; changes are kept (the last {@value #TRANSITIONS_KEPT}) with their times and logged.
 *
 * <p>It costs the pool's callers nothing: it reads the counters the pool keeps anyway, from one
 * daemon thread shared by every monitor in the process ({@code cistern-monitor}). Thread-safe.
 */
public final class PoolMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PoolMonitor.class);
    /** Transitions kept. */
    public static final int TRANSITIONS_KEPT = 100;

    private final String poolName;
    private final Supplier<PoolStats> stats;
    private final BooleanSupplier closed;
    private final Supplier<String> breaker;
    private final Clock clock;
    private final PoolSample[] ring;
    private final List<HealthTransition> transitions = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Duration interval;
    private int next;
    private int size;
    private PoolStats previous;
    private PoolHealth health = PoolHealth.HEALTHY;
    private int betterInARow;
    private ScheduledFuture<?> task;

    /**
     * @param poolName the pool's name, for logs
     * @param stats reads the pool's statistics
     * @param closed tells whether the pool is closed
     * @param breaker gives the state of a breaker in front of the pool, or {@code null} when there is none
     * @param interval the pause between samples
     * @param capacity samples kept, at least 1
     * @param clock the clock samples are timed by
     */
    public PoolMonitor(String poolName, Supplier<PoolStats> stats, BooleanSupplier closed, Supplier<String> breaker,
                       Duration interval, int capacity, Clock clock) {
        if (capacity < 1) {
            throw NotAllowed.setting("monitorHistory", capacity, "1 or more samples");
        }
        this.poolName = poolName;
        this.stats = stats;
        this.closed = closed;
        this.breaker = breaker;
        this.interval = interval;
        this.clock = clock;
        this.ring = new PoolSample[capacity];
    }

    /**
     * Starts sampling on the shared monitor thread, the first sample at once.
     *
     * @return this monitor
     */
    public PoolMonitor start() {
        lock.lock();
        try {
            if (task == null) {
                task = Scheduler.INSTANCE.scheduleAtFixedRate(this::sampleQuietly, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
            }
            return this;
        } finally {
            lock.unlock();
        }
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again; keep monitoring.
            log.warn("Pool '{}': taking a monitor sample failed", poolName, e);
        }
    }

    /**
     * Takes a sample now (the timer calls this; tests and callers may too).
     *
     * @return the sample
     */
    public PoolSample sample() {
        PoolStats now = stats.get();
        boolean isClosed = closed.getAsBoolean();
        String breakerState = breaker != null ? breaker.get() : null;
        lock.lock();
        try {
            HealthRule.Verdict verdict = HealthRule.judge(previous, now, isClosed, breakerState);
            previous = now;
            PoolSample s = new PoolSample(clock.instant(), now, verdict.health(), verdict.reason());
            ring[next] = s;
            next = (next + 1) % ring.length;
            size = Math.min(size + 1, ring.length);
            apply(s);
            return s;
        } finally {
            lock.unlock();
        }
    }

    private void apply(PoolSample s) {
        PoolHealth seen = s.health();
        if (seen.compareTo(health) > 0) {
            change(s, seen);
        } else if (seen.compareTo(health) < 0) {
            if (++betterInARow >= HealthRule.RECOVERY_SAMPLES) {
                change(s, seen);
            }
        } else {
            betterInARow = 0;
        }
    }

    private void change(PoolSample s, PoolHealth to) {
        HealthTransition t = new HealthTransition(s.at(), health, to, s.reason());
        if (transitions.size() == TRANSITIONS_KEPT) {
            transitions.remove(0);
        }
        transitions.add(t);
        if (to == PoolHealth.HEALTHY) {
            log.info("Pool '{}': {} -> {}", poolName, health, to);
        } else if (closed.getAsBoolean()) {
            // A pool closed on purpose is not a fault to warn about; the transition is still kept.
            log.debug("Pool '{}': {} -> {} ({})", poolName, health, to, s.reason());
        } else {
            log.warn("Pool '{}': {} -> {} ({})", poolName, health, to, s.reason());
        }
        health = to;
        betterInARow = 0;
    }

    /** @return the pool's health now (HEALTHY until the first sample says otherwise) */
    public PoolHealth health() {
        lock.lock();
        try {
            return health;
        } finally {
            lock.unlock();
        }
    }

    /** @return the samples kept, oldest first */
    public List<PoolSample> history() {
        lock.lock();
        try {
            List<PoolSample> out = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                out.add(ring[(next - size + i + ring.length) % ring.length]);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** @return the health changes kept, oldest first */
    public List<HealthTransition> transitions() {
        lock.lock();
        try {
            return List.copyOf(transitions);
        } finally {
            lock.unlock();
        }
    }

    /** @return the pause between samples */
    public Duration interval() {
        return interval;
    }

    /** @return how many samples are kept */
    public int capacity() {
        return ring.length;
    }

    /** Stops sampling; the history stays readable. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (task != null) {
                task.cancel(false);
                task = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The one daemon thread every monitor samples on: sampling is microseconds every few seconds. */
    private static final class Scheduler {
        static final ScheduledExecutorService INSTANCE = create();

        private static ScheduledExecutorService create() {
            ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "cistern-monitor");
                t.setDaemon(true);
                return t;
            });
            e.setRemoveOnCancelPolicy(true);
            return e;
        }
    }
}
