package io.cistern.pool.limit;

import io.cistern.pool.AcquireTimeoutException;
import io.cistern.pool.PoolClosedException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bounds how many operations run at once, with the pool's timeout, fairness and statistics but
 * no resources: wrap a whole backend in one so that a burst queues (FIFO, up to the timeout)
 * instead of overwhelming it. A batch of writes is one operation and takes one permit.
 *
 * <pre>{@code
 * ConcurrencyLimiter limiter = ConcurrencyLimiter.builder().name("store").maxConcurrent(8).build();
 * Node node = limiter.call(() -> backend.load(id));
 * }</pre>
 *
 * <p>Waiting uses a fair {@link Semaphore}: no {@code synchronized}, safe for virtual threads.
 */
public final class ConcurrencyLimiter implements AutoCloseable {

    private final String name;
    private final int maxConcurrent;
    private final Duration acquireTimeout;
    private final Semaphore permits;
    /** Set once, by compare-and-set: two concurrent closes must not both release the waking permits. */
    private final AtomicBoolean closed = new AtomicBoolean();

    private final LongAdder attempts = new LongAdder();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder waitNanos = new LongAdder();
    private final AtomicLong maxWaitNanos = new AtomicLong();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    private ConcurrencyLimiter(Builder b) {
        this.name = b.name;
        this.maxConcurrent = b.maxConcurrent;
        this.acquireTimeout = b.acquireTimeout;
        this.permits = new Semaphore(b.maxConcurrent, true);
    }

    /** @return a builder; defaults: 10 concurrent operations, 30 s acquire timeout */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the limiter's name */
    public String name() {
        return name;
    }

    /**
     * Takes a permit, waiting up to the configured timeout. Close the permit when the operation
     * ends; {@link Permit#markFailed()} first if it failed.
     *
     * @return the permit
     * @throws AcquireTimeoutException if no permit came free in time
     * @throws PoolClosedException if the limiter is closed
     * @throws InterruptedException if interrupted while waiting
     */
    public Permit acquire() throws InterruptedException {
        return acquire(acquireTimeout);
    }

    /**
     * Takes a permit, waiting up to {@code timeout}.
     *
     * @param timeout how long to wait, zero or more
     * @return the permit
     * @throws AcquireTimeoutException if no permit came free in time
     * @throws PoolClosedException if the limiter is closed
     * @throws InterruptedException if interrupted while waiting
     */
    public Permit acquire(Duration timeout) throws InterruptedException {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("acquire timeout = " + timeout + " is not allowed; allowed: a duration of zero or more");
        }
        if (closed.get()) {
            throw new PoolClosedException(name);
        }
        attempts.increment();
        long start = System.nanoTime();
        if (!permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            timeouts.increment();
            throw new AcquireTimeoutException("Limiter '" + name + "': no permit available within "
                    + timeout.toMillis() + " ms [" + stats().stateSummary() + "]", timeout, null);
        }
        if (closed.get()) {
            permits.release();
            throw new PoolClosedException(name);
        }
        long waited = System.nanoTime() - start;
        waitNanos.add(waited);
        long max = maxWaitNanos.get();
        while (waited > max && !maxWaitNanos.compareAndSet(max, waited)) {
            max = maxWaitNanos.get();
        }
        int now = active.incrementAndGet();
        int p = peak.get();
        while (now > p && !peak.compareAndSet(p, now)) {
            p = peak.get();
        }
        return new Permit(this);
    }

    /**
     * Runs {@code work} under a permit, counting it as succeeded or failed.
     *
     * @param work the operation
     * @param <R> its result type
     * @return what {@code work} returned
     * @throws Exception what {@code work} threw, or the acquire failures of {@link #acquire()}
     */
    public <R> R call(Callable<R> work) throws Exception {
        try (Permit permit = acquire()) {
            try {
                return work.call();
            } catch (Exception | Error e) {
                permit.markFailed();
                throw e;
            }
        }
    }

    void release(boolean success) {
        (success ? succeeded : failed).increment();
        active.decrementAndGet();
        permits.release();
    }

    /** @return a snapshot of the limiter's counters */
    public LimiterStats stats() {
        return new LimiterStats(name, maxConcurrent, active.get(), permits.getQueueLength(),
                attempts.sum(), succeeded.sum(), failed.sum(), timeouts.sum(), peak.get(),
                waitNanos.sum(), maxWaitNanos.get());
    }

    /**
     * Refuses new operations and wakes waiting callers with {@link PoolClosedException}.
     * Operations already running finish normally. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // Wake every waiter; each sees the flag, gives its permit back and fails.
        permits.release(Integer.MAX_VALUE / 2);
    }

    /** Settings of a limiter; {@link #build()} checks them. */
    public static final class Builder {
        private String name = "limiter";
        private int maxConcurrent = 10;
        private Duration acquireTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /** @param name shown in errors and statistics */
        public Builder name(String name) { this.name = name; return this; }
        /** @param max operations at once, 1 to 1,000,000; default 10 */
        public Builder maxConcurrent(int max) { this.maxConcurrent = max; return this; }
        /** @param timeout how long an operation waits for a permit, zero or more; default 30 s */
        public Builder acquireTimeout(Duration timeout) { this.acquireTimeout = timeout; return this; }

        /**
         * @return the limiter
         * @throws IllegalArgumentException naming the bad field, its value and what is allowed
         */
        public ConcurrencyLimiter build() {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("ConcurrencyLimiter.name = " + name + " is not allowed; allowed: a non-blank string");
            }
            if (maxConcurrent < 1 || maxConcurrent > 1_000_000) {
                throw new IllegalArgumentException("ConcurrencyLimiter.maxConcurrent = " + maxConcurrent
                        + " is not allowed; allowed: 1 to 1000000");
            }
            if (acquireTimeout == null || acquireTimeout.isNegative()) {
                throw new IllegalArgumentException("ConcurrencyLimiter.acquireTimeout = " + acquireTimeout
                        + " is not allowed; allowed: a duration of zero or more");
            }
            return new ConcurrencyLimiter(this);
        }
    }
}
