package io.cistern.pool;

/**
 * What {@link WaitQueue#await} needs from the pool it queues for: more resources, a way to give
 * back an entry it took but cannot keep, whether the pool has closed, and the timeout to throw.
 * The pool answers in production ({@code ResourcePool}'s callbacks are the only implementation
 * there, so these calls stay monomorphic; none is on the allocation-free fast path); a
 * model-checking test answers with no pool and no thread behind it.
 *
 * @param <T> the resource type
 */
interface QueueOwner<T> {
    /** A caller has queued: create resources if demand calls for them (in the background). */
    void fill();

    /** Makes available an entry the caller owns ({@code IN_USE} or {@code RESERVED}): idle, or handed to a waiter. */
    void offer(PoolEntry<T> e);

    /** @return whether the pool has closed */
    boolean isShutdown();

    /** @return the pool's name, for messages */
    String name();

    /** @return the exception a caller that waited {@code timeoutNanos} in vain throws, describing the pool's state */
    AcquireTimeoutException timeout(long timeoutNanos);

    /** Counts and reports an acquire that gave up waiting. */
    void timedOut();

    /** @return the object a waiting thread parks on, shown in thread dumps */
    Object blocker();
}
