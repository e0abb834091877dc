package io.cistern.pool;

import io.cistern.clock.SampledClock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded, fair pool of any resource.
 *
 * <pre>{@code
 * ResourcePool<Channel> pool = ResourcePool.create(
 *         PoolConfig.builder().name("search").maxSize(16).minIdle(4).build(),
 *         new ChannelFactory(address));
 * try (Lease<Channel> lease = pool.acquire()) {
 *     lease.get().send(query);
 * }
 * }</pre>
 *
 * <p><b>How an acquire is served.</b> An idle resource is taken with one compare-and-set, with no
 * lock and no allocation. If none is idle the caller joins a FIFO queue and parks. A returned
 * resource becomes idle and the oldest waiter is woken to take it; a running caller may take it
 * first, which keeps a pool with more threads than cores out of hand-off convoys. Once the
 * oldest waiter has waited past {@link PoolConfig#overtakeLimit()}, returned resources go
 * straight to the queue in arrival order, so none starves; newly created ones always do.
 * Waiters are served among themselves in arrival order. The caller never creates a resource itself:
 * background creators do, a bounded number at once, only while callers wait or the idle floor is
 * short, backing off after failures. Each acquire gives up after its timeout with an
 * {@link AcquireTimeoutException} that describes the pool's state; validating resources idle
 * past the bypass window counts against that timeout (each validation gets what is left of it).
 *
 * <p><b>Upkeep.</b> One housekeeping thread retires resources idle past the idle timeout (never
 * below {@code minIdle}) or past their lifetime, validates long-idle ones (keepalive), refills to
 * {@code minIdle} and, when enabled, reports leases held past the leak threshold. Resources are
 * destroyed on a separate background thread, so returning a lease never waits on the network.
 *
 * <p>All methods are thread-safe. Blocking uses {@link LockSupport} and
 * {@link java.util.concurrent.locks.ReentrantLock}, never {@code synchronized}, so virtual threads
 * may wait on the pool without pinning their carrier.
 *
 * @param <T> the resource type
 */
public final class ResourcePool<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResourcePool.class);

    private static final int RUNNING = 0;
    private static final int SUSPENDED = 1;
    private static final int CLOSED = 2;
    private static final VarHandle STATE;
    /** Lifetimes are shortened by up to this share so resources created together do not expire together. */
    private static final double LIFETIME_JITTER = 0.025;
    /** Every 64th use of a resource samples the peak: sustained load is always seen, at 1/64 of the cost. */
    private static final int PEAK_SAMPLE_MASK = 63;
    /** Below this much time left, an acquire does not start a validation it could not finish. */
    private static final long MIN_VALIDATION_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How long {@link #close()} waits for outstanding leases. */
    public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(10);

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ResourcePool.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final PoolConfig config;
    private final String name;
    private final ResourceFactory<T> factory;
    /** Null when nobody listens, so the hot path pays a single null check. */
    private final PoolListener listener;
    final PoolCounters counters = new PoolCounters();
    /** Whether leases out are counted as they happen (two striped counters per cycle) for an O(1) {@link #activeCount()}. */
    private final boolean trackActive;

    /** The resources and the count that maxSize bounds. */
    private final SlotTable<T> slots;
    /** The callers waiting, and how returned resources reach them. */
    private final WaitQueue<T> queue;

    private final ScheduledThreadPoolExecutor housekeeping;
    private final ThreadPoolExecutor destroyer;
    private final ResourceCreator<T> creator;
    private final ReentrantLock lifecycleLock = new ReentrantLock();
    private final Condition lifecycleChanged = lifecycleLock.newCondition();

    private final long acquireTimeoutNanos;
    /** Zero: strict FIFO; newcomers never take an idle resource while others queue. */
    private final long overtakeLimitNanos;
    private final long validationBypassNanos;
    private final long validationTimeoutNanos;
    private final long lifetimeNanos;
    private final long idleTimeoutNanos;
    private final long keepaliveNanos;
    private final long leakThresholdNanos;
    private final boolean pooling;

    private volatile int state = RUNNING;
    /** Resources the constructor waits for (warm-up, fail-fast); zero once started. */
    private volatile int startupTarget;

    private ResourcePool(PoolConfig config, ResourceFactory<T> factory, PoolListener listener) {
        this.config = config;
        this.name = config.name();
        this.factory = factory;
        this.listener = listener;
        this.acquireTimeoutNanos = config.acquireTimeout().toNanos();
        this.overtakeLimitNanos = config.overtakeLimit().toNanos();
        Callbacks callbacks = new Callbacks();
        this.slots = new SlotTable<>(callbacks, config.maxSize());
        this.queue = new WaitQueue<>(callbacks, slots, overtakeLimitNanos);
        this.validationBypassNanos = config.validationBypass().toNanos();
        this.validationTimeoutNanos = config.validationTimeout().toNanos();
        this.lifetimeNanos = config.maxLifetime().toNanos();
        this.idleTimeoutNanos = config.idleTimeout().toNanos();
        this.keepaliveNanos = config.keepaliveTime().toNanos();
        this.leakThresholdNanos = config.leakDetectionThreshold().toNanos();
        this.pooling = config.pooling();
        this.trackActive = config.trackActiveCount();

        SampledClock.hold();
        this.housekeeping = new ScheduledThreadPoolExecutor(1, new PoolThreads(config, "housekeeper"));
        this.housekeeping.setRemoveOnCancelPolicy(true);
        this.destroyer = new ThreadPoolExecutor(1, 1, 5, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new PoolThreads(config, "destroyer"));
        this.destroyer.allowCoreThreadTimeOut(true);
        this.creator = new ResourceCreator<>(this, factory, config, housekeeping);

        long period = config.housekeepingPeriod().toNanos();
        housekeeping.scheduleWithFixedDelay(new Housekeeper<>(this), period, period, TimeUnit.NANOSECONDS);
        if (leakThresholdNanos > 0) {
            long leakPeriod = Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(leakThresholdNanos / 4, TimeUnit.SECONDS.toNanos(1)));
            housekeeping.scheduleWithFixedDelay(this::reportLeaks, leakPeriod, leakPeriod, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Starts a pool. With {@link PoolConfig#warmUp()} this waits until {@code minIdle} resources
     * exist (or the acquire timeout passes); with {@link PoolConfig#initializationFailTimeout()}
     * it fails unless a first resource can be created in time.
     *
     * @param config the settings
     * @param factory makes, checks, resets and destroys the resources
     * @param <T> the resource type
     * @return the running pool
     * @throws PoolInitializationException when fail-fast start is configured and no resource
     *     could be created in time; the pool has then been closed
     */
    public static <T> ResourcePool<T> create(PoolConfig config, ResourceFactory<T> factory) {
        return create(config, factory, null);
    }

    /**
     * Starts a pool that reports its timings to {@code listener} (for metrics); otherwise as
     * {@link #create(PoolConfig, ResourceFactory)}.
     *
     * @param config the settings
     * @param factory makes, checks, resets and destroys the resources
     * @param listener receives acquire, usage and creation timings and timeouts; may be {@code null}
     * @param <T> the resource type
     * @return the running pool
     * @throws PoolInitializationException as for {@link #create(PoolConfig, ResourceFactory)}
     */
    public static <T> ResourcePool<T> create(PoolConfig config, ResourceFactory<T> factory, PoolListener listener) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(factory, "factory");
        ResourcePool<T> pool = new ResourcePool<>(config, factory, listener);
        pool.start();
        return pool;
    }

    /** @return the pool's name */
    public String name() {
        return name;
    }

    /** @return the settings the pool was made with */
    public PoolConfig config() {
        return config;
    }

    /**
     * Leases a resource, waiting up to the configured acquire timeout.
     *
     * @return the lease; close it to return the resource
     * @throws AcquireTimeoutException if no resource became available in time
     * @throws PoolClosedException if the pool is or becomes closed
     * @throws InterruptedException if the thread is interrupted while waiting
     */
    public Lease<T> acquire() throws InterruptedException {
        return acquireNanos(acquireTimeoutNanos);
    }

    /**
     * Leases a resource, waiting up to {@code timeout}.
     *
     * @param timeout how long to wait; zero takes only an idle resource
     * @return the lease; close it to return the resource
     * @throws AcquireTimeoutException if no resource became available in time
     * @throws PoolClosedException if the pool is or becomes closed
     * @throws InterruptedException if the thread is interrupted while waiting
     * @throws IllegalArgumentException if the timeout is negative
     */
    public Lease<T> acquire(Duration timeout) throws InterruptedException {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("acquire timeout = " + timeout + " is not allowed; allowed: a duration of zero or more");
        }
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE / 2;
        }
        return acquireNanos(nanos);
    }

    private Lease<T> acquireNanos(long timeoutNanos) throws InterruptedException {
        long start = 0;
        boolean started = false;
        if (state != RUNNING) {
            start = System.nanoTime();
            started = true;
            awaitRunning(start, timeoutNanos);
        }
        if (overtakeLimitNanos != 0 || queue.size() == 0) {
            // The fast path reads only the sampled clock; a listener still gets exact timings.
            long timedStart = listener != null ? System.nanoTime() : 0L;
            long now = SampledClock.now();
            PoolEntry<T> entry = slots.pollIdle(now, false, 0L);
            if (entry != null) {
                if (now - entry.lastAliveNanos < validationBypassNanos) {
                    return listener == null ? borrowedAtOnce(entry) : borrowed(entry, timedStart);
                }
                // Idle past the bypass window: validated on the slow path, within the deadline, which starts now.
                return awaitEntry(started ? start : System.nanoTime(), timeoutNanos, entry);
            }
        }
        return awaitEntry(started ? start : System.nanoTime(), timeoutNanos, null);
    }

    /**
     * The slow path: validates {@code held} first if the fast path took one that needs it, else
     * queues until a resource is taken or handed over. Once queued, the caller counts in the
     * statistics as waiting, and its lease samples the peak, which matters most now.
     *
     * @param held an idle entry already taken by the fast path that needs validation first, or {@code null}
     */
    private Lease<T> awaitEntry(long start, long timeoutNanos, PoolEntry<T> held) throws InterruptedException {
        // A zero timeout takes only an idle resource, but may still validate one for the usual time.
        final long validationDeadline = timeoutNanos > 0 ? start + timeoutNanos : start + validationTimeoutNanos;
        if (held != null && validateBy(held, validationDeadline)) {
            return borrowed(held, start);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException("Interrupted before acquiring from pool '" + name + "'");
        }
        Lease<T> lease = borrowed(queue.await(start, timeoutNanos, validationDeadline), start);
        samplePeak();
        return lease;
    }

    /** Called by {@link PoolEntry#close()} after it moved the entry from IN_USE to RESERVED. */
    void release(PoolEntry<T> e) {
        countReturn();
        if (leakThresholdNanos != 0) {
            leakReturned(e);
        }
        final long now = SampledClock.now();
        if (listener != null) {
            listener.released(System.nanoTime() - e.borrowedRealNanos);
        }
        if (e.broken || e.evicted || !pooling || state == CLOSED || e.isExpired(now)) {
            retire(e);
            return;
        }
        try {
            factory.reset(e.resource);
        } catch (Exception resetFailed) {
            log.warn("Pool '{}': resetting a returned resource failed; destroying it", name, resetFailed);
            retire(e);
            return;
        }
        e.lastUsedNanos = now;
        e.lastAliveNanos = now;
        offer(e);
    }

    /**
     * Makes an entry we own available: idle, or handed to a waiter ({@link WaitQueue#offer}); in
     * a closed pool it is retired instead, whoever gets it back first.
     */
    void offer(PoolEntry<T> e) {
        offer(e, false);
    }

    /** @param toQueue hand it to the oldest waiter regardless of the overtake limit */
    private void offer(PoolEntry<T> e, boolean toQueue) {
        queue.offer(e, toQueue);
        if (state == CLOSED && e.casState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
            retire(e);
        }
    }

    /**
     * The pool's verdict on an idle entry just taken by a scan: an evicted or expired one is
     * retired; one idle past the bypass window is validated here when asked to.
     *
     * @return whether the entry may be lent
     */
    boolean isUsable(PoolEntry<T> e, long now, boolean validate, long deadline) {
        if (e.evicted || e.isExpired(now)) {
            retire(e);
            return false;
        }
        return !validate || now - e.lastAliveNanos < validationBypassNanos || validateBy(e, deadline);
    }

    /**
     * An idle entry that needs validation is left alone, not taken, when no time is left to
     * validate it. Its fields were published before it became idle, which was read just before;
     * a stale read only makes it look older, and it is checked again once taken.
     */
    boolean cannotValidate(PoolEntry<T> e, long now, long deadline) {
        return now - e.lastAliveNanos >= validationBypassNanos && deadline - System.nanoTime() < MIN_VALIDATION_NANOS;
    }

    /**
     * Validates an entry we hold, giving the check no more than what is left until
     * {@code deadline}. A failed entry is retired. If time ran out since it was taken, it goes
     * back idle unchecked: not handed to a waiter, who would use it unvalidated, but left for a
     * caller with time to check it, and the oldest waiter is woken to be that caller.
     *
     * @return whether the entry may be lent
     */
    private boolean validateBy(PoolEntry<T> e, long deadline) {
        long remaining = deadline - System.nanoTime();
        if (remaining < MIN_VALIDATION_NANOS) {
            e.setState(PoolEntry.IDLE);
            queue.wakeIfIdle();
            return false;
        }
        if (validate(e, remaining)) {
            return true;
        }
        retire(e);
        return false;
    }

    /**
     * Records an acquire served from an idle resource without waiting. Its wait counts as zero in
     * the statistics, which saves a clock read on the hot path; a listener, when present, gets
     * the exact time through {@link #borrowed} instead.
     */
    private Lease<T> borrowedAtOnce(PoolEntry<T> e) {
        e.borrowedNanos = SampledClock.now();
        long before = countLease(e);
        if ((before & PEAK_SAMPLE_MASK) == PEAK_SAMPLE_MASK) {
            samplePeak();
        }
        if (leakThresholdNanos != 0) {
            trackLeak(e);
        }
        return e;
    }

    /** Records an acquire that waited (or is timed for a listener); {@code start} is real time. */
    private Lease<T> borrowed(PoolEntry<T> e, long start) {
        long now = System.nanoTime();
        e.borrowedNanos = SampledClock.now();
        e.borrowedRealNanos = now;
        countLease(e);
        counters.waited(now - start);
        if (listener != null) {
            listener.acquired(now - start);
        }
        if (leakThresholdNanos != 0) {
            trackLeak(e);
        }
        return e;
    }

    /**
     * Counts a lease on the entry itself (and in the striped counters when they are kept).
     *
     * @return the entry's uses before this one
     */
    private long countLease(PoolEntry<T> e) {
        long before = e.countUse();
        if (before == 0) {
            counters.firstUses.increment();
        }
        if (trackActive) {
            counters.acquired.increment();
        }
        return before;
    }

    /** The counterpart of {@link #countLease} for a lease that ends. */
    private void countReturn() {
        if (trackActive) {
            counters.released.increment();
        }
    }

    private static void trackLeak(PoolEntry<?> e) {
        e.leakReported = false;
        e.acquiredAt = new Throwable("Lease acquired by thread '" + Thread.currentThread().getName() + "'");
    }

    /** Counts and reports an acquire that gave up waiting. */
    void timedOut() {
        counters.timeouts.increment();
        if (listener != null) {
            listener.timedOut();
        }
    }

    /** Describes a timed-out acquire with the pool's state and, if creating is failing, why. */
    AcquireTimeoutException timeout(long timeoutNanos, String reason) {
        Duration timeout = Duration.ofNanos(timeoutNanos);
        Throwable cause = creator.currentFailure();
        String message = "Pool '" + name + "': no resource available within " + timeout.toMillis() + " ms"
                + (reason != null ? " (" + reason + ")" : "")
                + " [" + stats().stateSummary() + "]"
                + (cause != null ? "; creating resources is failing: " + cause : "");
        return new AcquireTimeoutException(message, timeout, cause);
    }

    private void awaitRunning(long start, long timeoutNanos) throws InterruptedException {
        lifecycleLock.lock();
        try {
            long deadline = start + timeoutNanos;
            for (;;) {
                int s = state;
                if (s == RUNNING) {
                    return;
                }
                if (s == CLOSED) {
                    throw new PoolClosedException(name);
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    timedOut();
                    throw timeout(timeoutNanos, "the pool is suspended");
                }
                lifecycleChanged.awaitNanos(remaining);
            }
        } finally {
            lifecycleLock.unlock();
        }
    }

    /** Wraps a newly created resource and offers it; called by the creator, which reserved the slot. */
    void install(T resource, long creationNanos) {
        if (listener != null) {
            listener.created(creationNanos);
        }
        long now = SampledClock.now();
        long lifetime = 0;
        if (lifetimeNanos > 0) {
            lifetime = lifetimeNanos - (long) (ThreadLocalRandom.current().nextDouble() * LIFETIME_JITTER * lifetimeNanos);
        }
        PoolEntry<T> e = new PoolEntry<>(this, resource, now, lifetime);
        slots.install(e);
        counters.created.increment();
        // It was created because someone queued: it goes to the queue, which also stops the
        // creator from counting that caller as still unserved and making another.
        offer(e, true);
    }

    /** Forgets an entry we own and destroys its resource in the background. */
    void retire(PoolEntry<T> e) {
        e.setState(PoolEntry.RETIRED);
        if (slots.remove(e)) {
            counters.retiredUses.add(e.usesSoFar());
        }
        try {
            destroyer.execute(() -> destroy(e.resource));
        } catch (RejectedExecutionException closed) {
            destroy(e.resource);
        }
    }

    private void destroy(T resource) {
        destroyQuietly(resource);
        counters.destroyed.increment();
        releaseSlot();
        creator.fill();
    }

    void destroyQuietly(T resource) {
        try {
            factory.destroy(resource);
        } catch (Exception e) {
            log.warn("Pool '{}': destroying a resource failed", name, e);
        }
    }

    boolean validate(PoolEntry<T> e) {
        return validate(e, validationTimeoutNanos);
    }

    /** Validates within {@code budgetNanos}, or the validation timeout if that is shorter. */
    private boolean validate(PoolEntry<T> e, long budgetNanos) {
        boolean ok;
        try {
            Duration timeout = budgetNanos >= validationTimeoutNanos ? config.validationTimeout() : Duration.ofNanos(budgetNanos);
            ok = factory.validate(e.resource, timeout);
        } catch (Exception failed) {
            log.debug("Pool '{}': validation threw", name, failed);
            ok = false;
        }
        if (ok) {
            counters.validationsPassed.increment();
            e.lastAliveNanos = SampledClock.now();
        } else {
            counters.validationsFailed.increment();
            log.debug("Pool '{}': a resource failed validation and is replaced", name);
        }
        return ok;
    }

    /** Counts a resource about to be created against maxSize. @return whether there was room */
    boolean reserveSlot() {
        return slots.reserve();
    }

    /** A reserved resource is gone or was never made; whoever waits on the pool's lifecycle looks again. */
    void releaseSlot() {
        slots.release();
        signalChanged();
    }

    /** Whether more resources are wanted, given {@code pending} creations already under way. */
    boolean wantsMore(int pending) {
        int waiting = queue.size();
        // A woken waiter is still counted while it takes an idle resource; that is not demand.
        if (waiting > pending && (overtakeLimitNanos == 0 || waiting > pending + idleCount())) {
            return true;
        }
        int floor = Math.max(config.minIdle(), startupTarget);
        return floor > 0 && idleCount() + pending < floor;
    }

    int idleCount() {
        return slots.count(PoolEntry.IDLE);
    }

    void signalChanged() {
        lifecycleLock.lock();
        try {
            lifecycleChanged.signalAll();
        } finally {
            lifecycleLock.unlock();
        }
    }

    void fill() {
        creator.fill();
    }

    SlotTable<T> slots() {
        return slots;
    }

    long idleTimeoutNanos() {
        return idleTimeoutNanos;
    }

    long keepaliveNanos() {
        return keepaliveNanos;
    }

    int liveCount() {
        return slots.allocated();
    }

    private void reportLeaks() {
        long now = SampledClock.now();
        slots.scan(e -> e.state() == PoolEntry.IN_USE && !e.leakReported && reportIfLeaked(e, now));
    }

    private boolean reportIfLeaked(PoolEntry<T> e, long now) {
        Throwable acquiredAt = e.acquiredAt;
        long held = now - e.borrowedNanos;
        if (acquiredAt == null || held <= leakThresholdNanos) {
            return false;
        }
        e.leakReported = true;
        counters.leaksDetected.increment();
        log.warn("Pool '{}': a lease has been held for {} ms, past the leak detection threshold of {} ms; "
                + "it was acquired here:", name, TimeUnit.NANOSECONDS.toMillis(held),
                TimeUnit.NANOSECONDS.toMillis(leakThresholdNanos), acquiredAt);
        return true;
    }

    private void leakReturned(PoolEntry<T> e) {
        if (e.leakReported) {
            log.info("Pool '{}': a lease earlier reported as a probable leak was returned after {} ms",
                    name, TimeUnit.NANOSECONDS.toMillis(SampledClock.now() - e.borrowedNanos));
        }
        e.acquiredAt = null;
    }

    /**
     * The number of leases out right now. With {@link PoolConfig#trackActiveCount()} it comes from
     * two counters, cheap enough for a load balancer to ask on every request; otherwise it is
     * counted over the pool's resources.
     *
     * @return the leases out now
     */
    public int activeCount() {
        if (trackActive) {
            return (int) (counters.acquired.sum() - counters.released.sum());
        }
        return slots.count(PoolEntry.IN_USE);
    }

    /**
     * Records the number of leases out now as the peak if it is higher. Called when a caller had
     * to wait (the pool is then exhausted, which is when the peak matters), on every 64th use of
     * each resource, on every statistics read and every housekeeping run, rather than on every
     * acquire, which would cost what not counting leases there saves.
     */
    void samplePeak() {
        updatePeak(activeCount());
    }

    private void updatePeak(int active) {
        AtomicInteger peak = counters.peakActive;
        int seen = peak.get();
        while (active > seen && !peak.compareAndSet(seen, active)) {
            seen = peak.get();
        }
    }

    /** @return a snapshot of the pool's state and counters */
    public PoolStats stats() {
        PoolCounters c = counters;
        // Retired first: an entry retired during the scan is then counted once at most, not twice.
        long retiredUses = c.retiredUses.sum();
        Tally tally = new Tally();
        slots.scan(tally);
        long acquisitions = retiredUses + tally.uses;
        int inUse = tally.inUse;
        updatePeak(inUse);
        return new PoolStats(name, slots.capacity(), config.minIdle(),
                slots.allocated(), inUse, tally.idle, queue.size(), creator.pending(),
                c.created.sum(), c.destroyed.sum(), acquisitions, acquisitions - c.firstUses.sum(),
                c.timeouts.sum(), c.creationFailures.sum(), c.validationsPassed.sum(),
                c.validationsFailed.sum(), c.leaksDetected.sum(), c.peakActive.get(),
                c.acquireWaitNanos.sum(), c.maxAcquireWaitNanos.get());
    }

    /** Adds up the entries of one statistics scan. */
    private static final class Tally implements Predicate<PoolEntry<?>> {
        long uses;
        int idle;
        int inUse;

        @Override
        public boolean test(PoolEntry<?> e) {
            uses += e.usesSoFar();
            int s = e.state();
            if (s == PoolEntry.IDLE) {
                idle++;
            } else if (s == PoolEntry.IN_USE) {
                inUse++;
            }
            return false;
        }
    }

    /**
     * Retires every resource: idle ones now, leased ones when they are returned. The pool refills
     * with new resources as demand or {@code minIdle} calls for them. Use it after a failover or a
     * credential change.
     */
    public void softEvictAll() {
        evictAll();
        creator.fill();
    }

    /** Marks every entry evicted and retires the idle ones; leased ones retire on return. */
    private void evictAll() {
        slots.scan(e -> {
            e.evicted = true;
            if (!e.casState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
                return false;
            }
            retire(e);
            return true;
        });
    }

    /**
     * Holds new acquires (they wait, within their timeout) until {@link #resume()}. Leases already
     * out are unaffected. Does nothing if already suspended.
     *
     * @throws PoolClosedException if the pool is closed
     */
    public void suspend() {
        if (!STATE.compareAndSet(this, RUNNING, SUSPENDED) && state == CLOSED) {
            throw new PoolClosedException(name);
        }
        log.info("Pool '{}' suspended", name);
    }

    /** Lets acquires through again after {@link #suspend()}. Does nothing if not suspended. */
    public void resume() {
        if (STATE.compareAndSet(this, SUSPENDED, RUNNING)) {
            log.info("Pool '{}' resumed", name);
            signalChanged();
        }
    }

    /** @return whether the pool has been closed */
    public boolean isShutdown() {
        return state == CLOSED;
    }

    /** Closes the pool, waiting up to {@link #DEFAULT_CLOSE_GRACE} for outstanding leases. */
    @Override
    public void close() {
        close(DEFAULT_CLOSE_GRACE);
    }

    /**
     * Closes the pool: refuses new acquires with {@link PoolClosedException}, wakes waiting
     * callers with the same error, destroys idle resources, waits up to {@code grace} for leased
     * ones to come back (destroying each as it does), then destroys whatever is still out.
     * Idempotent: a second call returns at once.
     *
     * @param grace how long to wait for outstanding leases
     */
    public void close(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        int s;
        do {
            s = state;
            if (s == CLOSED) {
                return;
            }
        } while (!STATE.compareAndSet(this, s, CLOSED));
        log.info("Pool '{}' closing [{}]", name, stats().stateSummary());
        SampledClock.release();
        signalChanged();
        queue.failAll();
        creator.shutdown();
        housekeeping.shutdownNow();
        evictAll();
        awaitReturns(grace);
        destroyer.shutdown();
        try {
            if (!destroyer.awaitTermination(config.createTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                log.warn("Pool '{}': destroying resources did not finish within {}", name, config.createTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("Pool '{}' closed [created={}, destroyed={}]", name,
                counters.created.sum(), counters.destroyed.sum());
    }

    private void awaitReturns(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        lifecycleLock.lock();
        try {
            long remaining;
            while (activeCount() > 0 && (remaining = deadline - System.nanoTime()) > 0) {
                lifecycleChanged.awaitNanos(remaining);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lifecycleLock.unlock();
        }
        int forced = slots.scan(e -> {
            if (!e.casState(PoolEntry.IN_USE, PoolEntry.RETIRED)) {
                return false;
            }
            countReturn();
            retire(e);
            return true;
        });
        if (forced > 0) {
            log.warn("Pool '{}': {} leases were still out after the close grace period of {} ms; their resources were destroyed",
                    name, forced, grace.toMillis());
        }
    }

    private void start() {
        Duration failFast = config.initializationFailTimeout();
        int target = config.warmUp() ? config.minIdle() : 0;
        if (failFast != null) {
            target = Math.max(target, 1);
        }
        if (target == 0) {
            creator.fill();
            return;
        }
        startupTarget = target;
        long started = System.nanoTime();
        long deadline = started + (failFast != null ? failFast : config.acquireTimeout()).toNanos();
        creator.fill();
        lifecycleLock.lock();
        try {
            for (;;) {
                if (idleCount() >= target) {
                    break;
                }
                long remaining = deadline - System.nanoTime();
                if (failFast != null && counters.created.sum() == 0) {
                    if (remaining <= 0 && counters.creationFailures.sum() > 0) {
                        failStart(failFast, creator.currentFailure());
                    }
                } else if (remaining <= 0) {
                    log.warn("Pool '{}': warm-up created {} of {} resources within {} ms; continuing",
                            name, idleCount(), target, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                    break;
                }
                lifecycleChanged.awaitNanos(remaining > 0 ? remaining : TimeUnit.MILLISECONDS.toNanos(10));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lifecycleLock.unlock();
            close(Duration.ZERO);
            throw new PoolInitializationException("Pool '" + name + "': interrupted while starting", e);
        } finally {
            if (lifecycleLock.isHeldByCurrentThread()) {
                lifecycleLock.unlock();
            }
            startupTarget = 0;
        }
    }

    private void failStart(Duration failFast, Throwable cause) {
        lifecycleLock.unlock();
        close(Duration.ZERO);
        throw new PoolInitializationException("Pool '" + name + "': could not create a first resource within the "
                + "initialization fail timeout of " + failFast.toMillis() + " ms: " + cause, cause);
    }

    @Override
    public String toString() {
        return "ResourcePool{" + name + ", " + stats().stateSummary() + '}';
    }

    /**
     * The pool's side of the seam under its containers: what {@link SlotTable} and
     * {@link WaitQueue} ask of it. A private class rather than the pool itself, because interface
     * methods are public and these must not become the pool's API. It is the only implementation
     * of either interface in production, so each call site stays monomorphic and the JIT inlines
     * it down to the pool's own method (one more load, of this class's pointer to the pool); it
     * allocates nothing.
     */
    private final class Callbacks implements IdleVerdict<T>, QueueOwner<T> {
        @Override
        public boolean cannotValidate(PoolEntry<T> e, long now, long deadline) {
            return ResourcePool.this.cannotValidate(e, now, deadline);
        }

        @Override
        public boolean isUsable(PoolEntry<T> e, long now, boolean validate, long deadline) {
            return ResourcePool.this.isUsable(e, now, validate, deadline);
        }

        @Override
        public void fill() {
            ResourcePool.this.fill();
        }

        @Override
        public void offer(PoolEntry<T> e) {
            ResourcePool.this.offer(e);
        }

        @Override
        public boolean isShutdown() {
            return ResourcePool.this.isShutdown();
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public AcquireTimeoutException timeout(long timeoutNanos) {
            return ResourcePool.this.timeout(timeoutNanos, null);
        }

        @Override
        public void timedOut() {
            ResourcePool.this.timedOut();
        }

        /** The pool, as before the seam: a thread dump names the pool a caller waits on. */
        @Override
        public Object blocker() {
            return ResourcePool.this;
        }
    }
}
