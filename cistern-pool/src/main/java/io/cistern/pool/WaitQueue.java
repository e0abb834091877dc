package io.cistern.pool;

import io.cistern.clock.SampledClock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The callers waiting for a resource, in arrival order, and how a returned resource reaches
 * them: handed to the oldest, or left idle while the oldest is woken to take it. A container
 * with no thread of its own; the pool decides when a caller must queue, and lends what the
 * queue gives back. What the queue needs from the pool goes through {@link QueueOwner}, so a
 * test can build it with no pool at all, as the Lincheck model-checking tests do.
 *
 * <p>Ownership: a {@link Waiter} is settled once, by whoever wins its CAS out of
 * {@code WAITING} (see {@link Waiter}). The one who settles it takes it out of the queue: a
 * hand-off polls it, a waiter that cancelled itself removes itself, close polls them all. The
 * woken mark names at most one waiter, the one sent to look for an idle entry; only that waiter
 * clears its own mark (before it looks, or when it leaves), and whoever clears it while entries
 * are idle wakes the next. Every path writes before it reads the other side's write (a
 * releaser: the entry {@code IDLE}, then the queue and the mark; a waiter: the queue or its
 * cleared mark, then the slots), so no entry sits idle while every waiter sleeps.
 *
 * @param <T> the resource type
 */
final class WaitQueue<T> {
    private static final VarHandle SIZE;
    private static final VarHandle WOKEN;

    static {
        try {
            SIZE = MethodHandles.lookup().findVarHandle(WaitQueue.class, "size", int.class);
            WOKEN = MethodHandles.lookup().findVarHandle(WaitQueue.class, "woken", Waiter.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The pool queued for: creation, giving back, close and the timeout; see {@link QueueOwner}. */
    private final QueueOwner<T> pool;
    private final SlotTable<T> slots;
    /** Zero: strict FIFO; every returned entry goes to the oldest waiter. */
    private final long overtakeLimitNanos;
    private final ConcurrentLinkedQueue<Waiter<T>> waiters = new ConcurrentLinkedQueue<>();
    /** Waiters queued; a field, not an atomic, so the hot path reads it from this object directly. */
    private volatile int size;
    /**
     * The queued caller woken to look for an idle resource, until it has looked; null when none
     * is. One at a time, so a burst of returns does not wake a crowd that then finds nothing.
     */
    private volatile Waiter<T> woken;

    WaitQueue(QueueOwner<T> pool, SlotTable<T> slots, long overtakeLimitNanos) {
        this.pool = pool;
        this.slots = slots;
        this.overtakeLimitNanos = overtakeLimitNanos;
    }

    /** @return the number of callers queued, counting a woken one on its way to an idle entry */
    int size() {
        return size;
    }

    /**
     * Queues the caller and waits until it takes an idle entry (it looks on arrival, since an
     * entry offered before it queued is idle now, and whenever it is the woken waiter) or is
     * handed one, the deadline passes, the pool closes or the thread is interrupted.
     *
     * @param since when the caller started to acquire ({@link System#nanoTime()})
     * @param validationDeadline by when an entry taken here must have been validated
     * @return the entry, {@code IN_USE} and the caller's
     * @throws AcquireTimeoutException if the deadline passed first
     * @throws PoolClosedException if the pool closed first
     * @throws InterruptedException if the thread was interrupted first
     */
    PoolEntry<T> await(long since, long timeoutNanos, long validationDeadline) throws InterruptedException {
        final long deadline = since + timeoutNanos;
        Waiter<T> w = join(since);
        pool.fill();
        boolean look = true;
        for (;;) {
            if (look) {
                PoolEntry<T> spare = slots.pollIdle(SampledClock.now(), true, validationDeadline);
                if (spare != null) {
                    if (w.cancel()) {
                        // There may be more idle than this one, returned while we were the woken waiter.
                        leave(w);
                        return spare;
                    }
                    pool.offer(spare);
                }
            }
            int s = w.state();
            if (s == Waiter.FULFILLED) {
                served(w);
                return w.entry();
            }
            if (s == Waiter.FAILED) {
                throw w.failure();
            }
            if (pool.isShutdown()) {
                if (w.cancel()) {
                    remove(w);
                    throw new PoolClosedException(pool.name());
                }
                continue;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                if (w.cancel()) {
                    // Described before leaving the queue, so "waiting" counts this caller too.
                    AcquireTimeoutException timedOut = pool.timeout(timeoutNanos);
                    leave(w);
                    pool.timedOut();
                    throw timedOut;
                }
                continue;
            }
            LockSupport.parkNanos(pool.blocker(), remaining);
            if (Thread.interrupted()) {
                if (!w.cancel() && w.state() == Waiter.FULFILLED) {
                    pool.offer(w.entry());
                    served(w);
                } else {
                    leave(w);
                }
                throw new InterruptedException("Interrupted while waiting on pool '" + pool.name() + "'");
            }
            look = woken == w && WOKEN.compareAndSet(this, w, null);
        }
    }

    private Waiter<T> join(long since) {
        Waiter<T> w = new Waiter<>(since);
        SIZE.getAndAdd(this, 1);
        waiters.add(w);
        return w;
    }

    /**
     * Makes an entry the caller owns idle and lets the queue know: with nobody queued that is
     * all. Otherwise it goes straight to the oldest waiter if that one has waited past the
     * overtake limit (always in a strictly fair pool, and always with {@code toQueue}); if not, it
     * stays idle for whoever asks first, and the oldest waiter is woken to ask.
     */
    void offer(PoolEntry<T> e, boolean toQueue) {
        e.setState(PoolEntry.IDLE);
        if (size > 0) {
            Waiter<T> oldest;
            if (toQueue || overtakeLimitNanos == 0
                    || (oldest = waiters.peek()) != null && System.nanoTime() - oldest.since >= overtakeLimitNanos) {
                handOff(e);
            } else if (woken == null) {
                wakeOldest();
            }
        }
    }

    /** Takes the idle entry back by CAS and gives it to the oldest waiter still waiting; if it is taken meanwhile, stops. */
    private void handOff(PoolEntry<T> e) {
        while (waiters.peek() != null) {
            if (!e.casState(PoolEntry.IDLE, PoolEntry.IN_USE)) {
                return;
            }
            Waiter<T> w;
            while ((w = waiters.poll()) != null) {
                SIZE.getAndAdd(this, -1);
                if (w.fulfill(e)) {
                    return;
                }
            }
            e.setState(PoolEntry.IDLE);
        }
    }

    /** Wakes the oldest waiter if entries are idle and returned entries may wait for it (not strictly fair). */
    void wakeIfIdle() {
        if (overtakeLimitNanos != 0 && size > 0 && slots.hasIdle()) {
            wakeOldest();
        }
    }

    /**
     * Wakes the oldest waiter to look for an idle resource, unless a woken one is still on its way.
     * A waiter that is leaving when we flag it clears the flag itself ({@link #served}) or we see it
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
            // is cancelling itself and will pass the turn on when gone (leave).
            if (!WOKEN.compareAndSet(this, h, null) || waiters.peek() == h) {
                return;
            }
        }
    }

    /**
     * A served waiter has left the queue; if it was the woken one, another must look in its
     * place, or a resource returned meanwhile could sit idle while the rest of the queue sleeps.
     */
    private void served(Waiter<T> w) {
        if (woken == w && WOKEN.compareAndSet(this, w, null)) {
            wakeIfIdle();
        }
    }

    /**
     * A waiter that cancelled itself leaves the queue. It may have been flagged as woken, or
     * passed over by {@link #wakeOldest} while it was leaving, so it always passes the turn on.
     */
    private void leave(Waiter<T> w) {
        remove(w);
        if (woken == w) {
            WOKEN.compareAndSet(this, w, null);
        }
        wakeIfIdle();
    }

    private void remove(Waiter<T> w) {
        if (waiters.remove(w)) {
            SIZE.getAndAdd(this, -1);
        }
    }

    /** The pool has closed: settles every waiter with a {@link PoolClosedException} of its own to throw. */
    void failAll() {
        Waiter<T> w;
        while ((w = waiters.poll()) != null) {
            SIZE.getAndAdd(this, -1);
            w.fail(new PoolClosedException(pool.name()));
        }
    }
}
