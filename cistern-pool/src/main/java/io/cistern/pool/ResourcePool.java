package io.cistern.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
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
 * {@link AcquireTimeoutException} that describes the pool's state.
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
    private static final VarHandle WOKEN;
    /** Lifetimes are shortened by up to this share so resources created together do not expire together. */
    private static final double LIFETIME_JITTER = 0.025;
    /** Every 64th use of a resource samples the peak: sustained load is always seen, at 1/64 of the cost. */
    private static final int PEAK_SAMPLE_MASK = 63;
    /** How long {@link #close()} waits for outstanding leases. */
    public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(10);

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ResourcePool.class, "state", int.class);
            WOKEN = MethodHandles.lookup().findVarHandle(ResourcePool.class, "woken", Waiter.class);
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

    private final AtomicReferenceArray<PoolEntry<T>> slots;
    /** Resources alive, being created or being destroyed: the number bounded by maxSize. */
    private final AtomicInteger allocated = new AtomicInteger();
    /**
     * One past the highest slot ever filled. New resources take the lowest free slot, so scans
     * stop here instead of walking the empty tail of a large, lightly used pool.
     */
    private final AtomicInteger slotLimit = new AtomicInteger();
    private final ConcurrentLinkedQueue<Waiter<T>> waiters = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiterCount = new AtomicInteger();
    /**
     * The queued caller woken to look for an idle resource, until it has looked; null when none
     * is. One at a time, so a burst of returns does not wake a crowd that then finds nothing.
     */
    private volatile Waiter<T> woken;

    private final ScheduledThreadPoolExecutor housekeeping;
    private final ThreadPoolExecutor destroyer;
    private final ResourceCreator<T> creator;
    private final ReentrantLock lifecycleLock = new ReentrantLock();
    private final Condition lifecycleChanged = lifecycleLock.newCondition();

    private final long acquireTimeoutNanos;
    /** Zero: strict FIFO; newcomers never take an idle resource while others queue. */
    private final long overtakeLimitNanos;
    private final long validationBypassNanos;
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
        this.slots = new AtomicReferenceArray<>(config.maxSize());
        this.acquireTimeoutNanos = config.acquireTimeout().toNanos();
        this.overtakeLimitNanos = config.overtakeLimit().toNanos();
        this.validationBypassNanos = config.validationBypass().toNanos();
        this.lifetimeNanos = config.maxLifetime().toNanos();
        this.idleTimeoutNanos = config.idleTimeout().toNanos();
        this.keepaliveNanos = config.keepaliveTime().toNanos();
        this.leakThresholdNanos = config.leakDetectionThreshold().toNanos();
        this.pooling = config.pooling();
        this.trackActive = config.trackActiveCount();

        CoarseClock.acquire();
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
        if (overtakeLimitNanos != 0 || waiterCount.get() == 0) {
            // The fast path reads only the coarse clock; a listener still gets exact timings.
            long timedStart = listener != null ? System.nanoTime() : 0L;
            PoolEntry<T> entry = pollIdle(CoarseClock.now());
            if (entry != null) {
                return listener == null ? borrowedAtOnce(entry) : borrowed(entry, timedStart);
            }
        }
        return awaitEntry(started ? start : System.nanoTime(), timeoutNanos);
    }

    /** Takes an idle, usable entry with one CAS, starting at a slot chosen by the calling thread. */
    private PoolEntry<T> pollIdle(long now) {
        final AtomicReferenceArray<PoolEntry<T>> s = slots;
        final int n = slotLimit.get();
        // A fixed start per thread keeps a thread on "its" resource when the pool is not contended;
        // multiply-shift maps the thread id onto [0, n) without a division.
        int i = (int) (((Thread.currentThread().getId() * 0x9E3779B97F4A7C15L >>> 32) * n) >>> 32);
        for (int k = 0; k < n; k++) {
            // An acquire read suffices: the state CAS below is what hands the entry over.
            PoolEntry<T> e = s.getAcquire(i);
            if (e != null && e.state() == PoolEntry.IDLE && e.casState(PoolEntry.IDLE, PoolEntry.IN_USE)
                    && isUsable(e, now)) {
                return e;
            }
            if (++i == n) {
                i = 0;
            }
        }
        return null;
    }

    private boolean isUsable(PoolEntry<T> e, long now) {
        if (e.evicted || e.isExpired(now)) {
            retire(e);
            return false;
        }
        if (now - e.lastAliveNanos >= validationBypassNanos && !validate(e)) {
            retire(e);
            return false;
        }
        return true;
    }

    /**
     * Records an acquire served from an idle resource without waiting. Its wait counts as zero in
     * the statistics, which saves a clock read on the hot path; a listener, when present, gets
     * the exact time through {@link #borrowed} instead.
     */
    private Lease<T> borrowedAtOnce(PoolEntry<T> e) {
        e.borrowedNanos = CoarseClock.now();
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
        e.borrowedNanos = CoarseClock.now();
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

    /** An acquire that queued: recorded, and a sample of the peak, which matters most now. */
    private Lease<T> borrowedAfterWait(PoolEntry<T> e, long start) {
        Lease<T> lease = borrowed(e, start);
        samplePeak();
        return lease;
    }

    private static void trackLeak(PoolEntry<?> e) {
        e.leakReported = false;
        e.acquiredAt = new Throwable("Lease acquired by thread '" + Thread.currentThread().getName() + "'");
    }

    private Lease<T> awaitEntry(long start, long timeoutNanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("Interrupted before acquiring from pool '" + name + "'");
        }
        Waiter<T> w = new Waiter<>(start);
        waiterCount.incrementAndGet();
        waiters.add(w);
        creator.fill();
        final long deadline = start + timeoutNanos;
        // Look on arrival (a resource offered before we were queued is idle now and visible to
        // this scan) and whenever we are the woken waiter, which we stop being before we look.
        boolean look = true;
        for (;;) {
            if (look) {
                PoolEntry<T> spare = pollIdle(CoarseClock.now());
                if (spare != null) {
                    if (w.cancel()) {
                        // There may be more idle than this one, returned while we were the woken waiter.
                        leaveQueue(w);
                        return borrowedAfterWait(spare, start);
                    }
                    offer(spare);
                }
            }
            int s = w.state();
            if (s == Waiter.FULFILLED) {
                left(w);
                return borrowedAfterWait(w.entry(), start);
            }
            if (s == Waiter.FAILED) {
                throw w.failure();
            }
            if (state == CLOSED) {
                if (w.cancel()) {
                    removeWaiter(w);
                    throw new PoolClosedException(name);
                }
                continue;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                if (w.cancel()) {
                    // Described before leaving the queue, so "waiting" counts this caller too.
                    AcquireTimeoutException timedOut = timeout(timeoutNanos, null);
                    leaveQueue(w);
                    timedOut();
                    throw timedOut;
                }
                continue;
            }
            LockSupport.parkNanos(this, remaining);
            if (Thread.interrupted()) {
                if (!w.cancel() && w.state() == Waiter.FULFILLED) {
                    offer(w.entry());
                    left(w);
                } else {
                    leaveQueue(w);
                }
                throw new InterruptedException("Interrupted while waiting on pool '" + name + "'");
            }
            look = woken == w && WOKEN.compareAndSet(this, w, null);
        }
    }

    /**
     * A served waiter has left the queue; if it was the woken one, another must look in its
     * place, or a resource returned meanwhile could sit idle while the rest of the queue sleeps.
     */
    private void left(Waiter<T> w) {
        if (woken == w && WOKEN.compareAndSet(this, w, null)) {
            wakeIfIdle();
        }
    }

    /**
     * A waiter that cancelled itself leaves the queue. It may have been flagged as woken, or
     * passed over by {@link #wakeOldest} while it was leaving, so it always passes the turn on.
     */
    private void leaveQueue(Waiter<T> w) {
        removeWaiter(w);
        if (woken == w) {
            WOKEN.compareAndSet(this, w, null);
        }
        wakeIfIdle();
    }

    private void wakeIfIdle() {
        if (overtakeLimitNanos != 0 && waiterCount.get() > 0 && hasIdle()) {
            wakeOldest();
        }
    }

    /**
     * Wakes the oldest waiter to look for an idle resource, unless a woken one is still on its way.
     * A waiter that is leaving when we flag it clears the flag itself ({@link #left}) or we see it
     * no longer waiting and try the next: both sides write, then read the other's write.
     */
    private void wakeOldest() {
        Waiter<T> h;
        while (woken == null && (h = waiters.peek()) != null) {
            if (!WOKEN.compareAndSet(this, null, h)) {
                return;
            }
            if (h.state() == Waiter.WAITING) {
                LockSupport.unpark(h.thread);
                return;
            }
            // Served or leaving. Once out of the queue, try the next; while still at its head it
            // is cancelling itself and will pass the turn on when gone (leaveQueue).
            if (!WOKEN.compareAndSet(this, h, null) || waiters.peek() == h) {
                return;
            }
        }
    }

    private boolean hasIdle() {
        final AtomicReferenceArray<PoolEntry<T>> s = slots;
        for (int i = 0, n = slotLimit.get(); i < n; i++) {
            PoolEntry<T> e = s.get(i);
            if (e != null && e.state() == PoolEntry.IDLE) {
                return true;
            }
        }
        return false;
    }

    private void timedOut() {
        counters.timeouts.increment();
        if (listener != null) {
            listener.timedOut();
        }
    }

    private void removeWaiter(Waiter<T> w) {
        if (waiters.remove(w)) {
            waiterCount.decrementAndGet();
        }
    }

    private AcquireTimeoutException timeout(long timeoutNanos, String reason) {
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

    /** Called by {@link PoolEntry#close()} after it moved the entry from IN_USE to RESERVED. */
    void release(PoolEntry<T> e) {
        countReturn();
        if (leakThresholdNanos != 0) {
            leakReturned(e);
        }
        final long now = CoarseClock.now();
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
     * Makes an entry we own available. With no one queued it just becomes idle. Otherwise it
     * goes straight to the oldest waiter if that one has waited past the overtake limit (always,
     * in a strictly fair pool); if not, it stays idle for whoever asks first, and the oldest
     * waiter is woken to ask. The entry is published as idle before the queue is read, and
     * waiters look after they queue or are woken, so one side always sees the other: no entry
     * sits idle while every waiter sleeps.
     */
    void offer(PoolEntry<T> e) {
        offer(e, false);
    }

    /** @param toQueue hand it to the oldest waiter regardless of the overtake limit */
    private void offer(PoolEntry<T> e, boolean toQueue) {
        e.setState(PoolEntry.IDLE);
        if (waiterCount.get() > 0) {
            Waiter<T> oldest;
            if (toQueue || overtakeLimitNanos == 0
                    || (oldest = waiters.peek()) != null && System.nanoTime() - oldest.since >= overtakeLimitNanos) {
                handOff(e);
            } else if (woken == null) {
                wakeOldest();
            }
        }
        if (state == CLOSED && e.casState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
            retire(e);
        }
    }

    private void handOff(PoolEntry<T> e) {
        while (waiters.peek() != null) {
            if (!e.casState(PoolEntry.IDLE, PoolEntry.IN_USE)) {
                return;
            }
            Waiter<T> w;
            while ((w = waiters.poll()) != null) {
                waiterCount.decrementAndGet();
                if (w.fulfill(e)) {
                    return;
                }
            }
            e.setState(PoolEntry.IDLE);
        }
    }

    /** Wraps a newly created resource and offers it; called by the creator, which reserved the slot. */
    void install(T resource, long creationNanos) {
        if (listener != null) {
            listener.created(creationNanos);
        }
        long now = CoarseClock.now();
        long lifetime = 0;
        if (lifetimeNanos > 0) {
            lifetime = lifetimeNanos - (long) (ThreadLocalRandom.current().nextDouble() * LIFETIME_JITTER * lifetimeNanos);
        }
        PoolEntry<T> e = new PoolEntry<>(this, resource, now, lifetime);
        for (int i = 0; ; i++) {
            if (slots.compareAndSet(i, null, e)) {
                e.slot = i;
                slotLimit.accumulateAndGet(i + 1, Math::max);
                break;
            }
        }
        counters.created.increment();
        // It was created because someone queued: it goes to the queue, which also stops the
        // creator from counting that caller as still unserved and making another.
        offer(e, true);
    }

    /** Forgets an entry we own and destroys its resource in the background. */
    void retire(PoolEntry<T> e) {
        e.setState(PoolEntry.RETIRED);
        if (slots.compareAndSet(e.slot, e, null)) {
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
        boolean ok;
        try {
            ok = factory.validate(e.resource, config.validationTimeout());
        } catch (Exception failed) {
            log.debug("Pool '{}': validation threw", name, failed);
            ok = false;
        }
        if (ok) {
            counters.validationsPassed.increment();
            e.lastAliveNanos = CoarseClock.now();
        } else {
            counters.validationsFailed.increment();
            log.debug("Pool '{}': a resource failed validation and is replaced", name);
        }
        return ok;
    }

    boolean reserveSlot() {
        int max = slots.length();
        for (;;) {
            int n = allocated.get();
            if (n >= max) {
                return false;
            }
            if (allocated.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    void releaseSlot() {
        allocated.decrementAndGet();
        signalChanged();
    }

    /** Whether more resources are wanted, given {@code pending} creations already under way. */
    boolean wantsMore(int pending) {
        int waiting = waiterCount.get();
        // A woken waiter is still counted while it takes an idle resource; that is not demand.
        if (waiting > pending && (overtakeLimitNanos == 0 || waiting > pending + idleCount())) {
            return true;
        }
        int floor = Math.max(config.minIdle(), startupTarget);
        return floor > 0 && idleCount() + pending < floor;
    }

    boolean isClosed() {
        return state == CLOSED;
    }

    int idleCount() {
        return countInState(PoolEntry.IDLE);
    }

    private int countInState(int state) {
        int count = 0;
        for (int i = 0, n = slotLimit.get(); i < n; i++) {
            PoolEntry<T> e = slots.get(i);
            if (e != null && e.state() == state) {
                count++;
            }
        }
        return count;
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

    AtomicReferenceArray<PoolEntry<T>> slots() {
        return slots;
    }

    long idleTimeoutNanos() {
        return idleTimeoutNanos;
    }

    long keepaliveNanos() {
        return keepaliveNanos;
    }

    int liveCount() {
        return allocated.get();
    }

    private void reportLeaks() {
        long now = CoarseClock.now();
        for (int i = 0, n = slots.length(); i < n; i++) {
            PoolEntry<T> e = slots.get(i);
            if (e == null || e.state() != PoolEntry.IN_USE || e.leakReported) {
                continue;
            }
            Throwable acquiredAt = e.acquiredAt;
            long held = now - e.borrowedNanos;
            if (acquiredAt != null && held > leakThresholdNanos) {
                e.leakReported = true;
                counters.leaksDetected.increment();
                log.warn("Pool '{}': a lease has been held for {} ms, past the leak detection threshold of {} ms; "
                        + "it was acquired here:", name, TimeUnit.NANOSECONDS.toMillis(held),
                        TimeUnit.NANOSECONDS.toMillis(leakThresholdNanos), acquiredAt);
            }
        }
    }

    private void leakReturned(PoolEntry<T> e) {
        if (e.leakReported) {
            log.info("Pool '{}': a lease earlier reported as a probable leak was returned after {} ms",
                    name, TimeUnit.NANOSECONDS.toMillis(CoarseClock.now() - e.borrowedNanos));
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
        return countInState(PoolEntry.IN_USE);
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
        long acquisitions = c.retiredUses.sum();
        int idle = 0;
        int inUse = 0;
        for (int i = 0, n = slots.length(); i < n; i++) {
            PoolEntry<T> e = slots.get(i);
            if (e != null) {
                acquisitions += e.usesSoFar();
                int s = e.state();
                if (s == PoolEntry.IDLE) {
                    idle++;
                } else if (s == PoolEntry.IN_USE) {
                    inUse++;
                }
            }
        }
        updatePeak(inUse);
        return new PoolStats(name, slots.length(), config.minIdle(),
                allocated.get(), inUse, idle, waiterCount.get(), creator.pending(),
                c.created.sum(), c.destroyed.sum(), acquisitions, acquisitions - c.firstUses.sum(),
                c.timeouts.sum(), c.creationFailures.sum(), c.validationsPassed.sum(),
                c.validationsFailed.sum(), c.leaksDetected.sum(), c.peakActive.get(),
                c.acquireWaitNanos.sum(), c.maxAcquireWaitNanos.get());
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
        for (int i = 0, n = slots.length(); i < n; i++) {
            PoolEntry<T> e = slots.get(i);
            if (e != null) {
                e.evicted = true;
                if (e.casState(PoolEntry.IDLE, PoolEntry.RESERVED)) {
                    retire(e);
                }
            }
        }
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
        CoarseClock.release();
        signalChanged();
        Waiter<T> w;
        while ((w = waiters.poll()) != null) {
            waiterCount.decrementAndGet();
            w.fail(new PoolClosedException(name));
        }
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
        int forced = 0;
        for (int i = 0, n = slots.length(); i < n; i++) {
            PoolEntry<T> e = slots.get(i);
            if (e != null && e.casState(PoolEntry.IN_USE, PoolEntry.RETIRED)) {
                countReturn();
                retire(e);
                forced++;
            }
        }
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
}
