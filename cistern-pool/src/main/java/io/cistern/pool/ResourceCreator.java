package io.cistern.pool;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates resources in the background, a bounded number at once, only while the pool wants more.
 * Acquiring threads never call the factory; they wait on the pool and are served by handoff.
 * After a failure the next attempt waits an exponentially growing, jittered delay, so a database
 * that is down is not hammered by every waiting caller.
 */
final class ResourceCreator<T> {
    private static final Logger log = LoggerFactory.getLogger(ResourceCreator.class);

    private final ResourcePool<T> pool;
    private final ResourceFactory<T> factory;
    private final ThreadPoolExecutor executor;
    private final ScheduledExecutorService timer;
    private final long createTimeoutNanos;
    private final long backoffInitialNanos;
    private final long backoffMaxNanos;

    /** Attempts queued or running that have not yet produced a resource or given up. */
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private volatile long retryAtNanos = System.nanoTime();
    private volatile Throwable lastFailure;

    ResourceCreator(ResourcePool<T> pool, ResourceFactory<T> factory, PoolConfig config,
                    ScheduledExecutorService timer) {
        this.pool = pool;
        this.factory = factory;
        this.timer = timer;
        this.createTimeoutNanos = config.createTimeout().toNanos();
        this.backoffInitialNanos = config.createBackoffInitial().toNanos();
        this.backoffMaxNanos = config.createBackoffMax().toNanos();
        int parallelism = config.createParallelism();
        this.executor = new ThreadPoolExecutor(parallelism, parallelism, 5, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new PoolThreads(config, "creator"));
        this.executor.allowCoreThreadTimeOut(true);
    }

    int pending() {
        return pending.get();
    }

    /** @return the failure of the most recent attempt, or {@code null} if it succeeded */
    Throwable currentFailure() {
        return consecutiveFailures.get() > 0 ? lastFailure : null;
    }

    /** Starts as many attempts as the pool's demand calls for and its bound allows. */
    void fill() {
        while (!pool.isShutdown()) {
            int p = pending.get();
            if (!pool.wantsMore(p)) {
                return;
            }
            if (!pending.compareAndSet(p, p + 1)) {
                continue;
            }
            if (!pool.reserveSlot()) {
                pending.decrementAndGet();
                return;
            }
            try {
                executor.execute(new Attempt());
            } catch (RejectedExecutionException closing) {
                pending.decrementAndGet();
                pool.releaseSlot();
                return;
            }
        }
    }

    void shutdown() {
        executor.shutdownNow();
    }

    private void failed(Throwable cause) {
        pool.counters.creationFailures.increment();
        lastFailure = cause;
        int failures = consecutiveFailures.incrementAndGet();
        long backoff = backoffInitialNanos << Math.min(failures - 1, 30);
        if (backoff <= 0 || backoff > backoffMaxNanos) {
            backoff = backoffMaxNanos;
        }
        // Equal jitter: at least half the backoff, so a burst of failures cannot collapse to zero delay.
        long delay = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        retryAtNanos = System.nanoTime() + delay;
        if (failures == 1) {
            log.warn("Pool '{}': creating a resource failed; retrying with backoff while there is demand",
                    pool.name(), cause);
        } else {
            log.debug("Pool '{}': creation failed {} times in a row; next attempt in {} ms",
                    pool.name(), failures, TimeUnit.NANOSECONDS.toMillis(delay), cause);
        }
    }

    private void succeeded() {
        int failures = consecutiveFailures.getAndSet(0);
        if (failures > 0) {
            log.info("Pool '{}': creating resources works again after {} failures", pool.name(), failures);
        }
    }

    /** One creation: wait out the backoff, create under a watchdog, hand the result to the pool. */
    private final class Attempt implements Runnable {
        private static final int WAITING = 0;
        private static final int CREATING = 1;
        private static final int FINISHED = 2;
        private static final int TIMED_OUT = 3;

        /** Guards the phase so the watchdog interrupts only a thread that is still creating. */
        private final ReentrantLock phaseLock = new ReentrantLock();
        private int phase = WAITING;

        @Override
        public void run() {
            boolean ownsSlot = true;
            try {
                if (!awaitBackoff() || pool.isShutdown() || !pool.wantsMore(pending.get() - 1)) {
                    return;
                }
                Thread self = Thread.currentThread();
                setPhase(CREATING);
                ScheduledFuture<?> watchdog = timer.schedule(() -> timeOut(self), createTimeoutNanos, TimeUnit.NANOSECONDS);
                T resource = null;
                Throwable failure = null;
                long started = System.nanoTime();
                try {
                    resource = factory.create();
                    if (resource == null) {
                        failure = new NullPointerException("ResourceFactory.create() returned null");
                    }
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    watchdog.cancel(false);
                }
                if (!finishCreating()) {
                    // The watchdog already counted the timeout; whatever arrived late goes.
                    discard(resource);
                    return;
                }
                if (failure != null) {
                    failed(failure);
                    return;
                }
                succeeded();
                ownsSlot = false;
                // Counted as pending until it is installed: in between, a concurrent fill() would
                // see neither the attempt nor the resource and create one too many.
                try {
                    pool.install(resource, System.nanoTime() - started);
                } finally {
                    pending.decrementAndGet();
                }
            } catch (RejectedExecutionException closing) {
                // The watchdog timer was shut down: the pool is closing.
            } finally {
                if (ownsSlot) {
                    if (phase != TIMED_OUT) {
                        pending.decrementAndGet();
                    }
                    pool.releaseSlot();
                }
                Thread.interrupted();
                pool.signalChanged();
                fill();
            }
        }

        private boolean awaitBackoff() {
            long wait = retryAtNanos - System.nanoTime();
            if (wait <= 0) {
                return true;
            }
            try {
                TimeUnit.NANOSECONDS.sleep(wait);
                return true;
            } catch (InterruptedException closing) {
                return false;
            }
        }

        private void setPhase(int next) {
            phaseLock.lock();
            try {
                phase = next;
            } finally {
                phaseLock.unlock();
            }
        }

        /** @return false if the watchdog got there first */
        private boolean finishCreating() {
            phaseLock.lock();
            try {
                if (phase == TIMED_OUT) {
                    return false;
                }
                phase = FINISHED;
                return true;
            } finally {
                phaseLock.unlock();
            }
        }

        private void timeOut(Thread creatingThread) {
            phaseLock.lock();
            try {
                if (phase != CREATING) {
                    return;
                }
                phase = TIMED_OUT;
                creatingThread.interrupt();
            } finally {
                phaseLock.unlock();
            }
            // The slot stays reserved until create() returns: a hung call still counts against maxSize.
            pending.decrementAndGet();
            failed(new PoolException("Pool '" + pool.name() + "': creating a resource took longer than the create timeout of "
                    + Duration.ofNanos(createTimeoutNanos).toMillis() + " ms", null));
            pool.signalChanged();
            fill();
        }

        private void discard(T lateResource) {
            if (lateResource != null) {
                pool.destroyQuietly(lateResource);
            }
        }
    }
}
