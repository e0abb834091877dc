package io.cistern.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A thread parked in the pool's FIFO queue. Exactly one party wins the CAS out of
 * {@code WAITING}: a releaser handing over an entry, the closing pool, or the waiter itself
 * leaving (it took an idle entry, timed out or was interrupted).
 */
final class Waiter<T> {
    static final int WAITING = 0;
    static final int FULFILLED = 1;
    static final int CANCELLED = 2;
    static final int FAILED = 3;

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Waiter.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Thread thread = Thread.currentThread();
    /** When the caller started to acquire ({@link System#nanoTime()}): how long it has waited. */
    final long since;
    private volatile int state = WAITING;
    /** Written before the state CAS, read after seeing the state: published by the volatile. */
    private PoolEntry<T> entry;
    private RuntimeException failure;

    Waiter(long since) {
        this.since = since;
    }

    int state() {
        return state;
    }

    PoolEntry<T> entry() {
        return entry;
    }

    RuntimeException failure() {
        return failure;
    }

    boolean fulfill(PoolEntry<T> handed) {
        entry = handed;
        if (STATE.compareAndSet(this, WAITING, FULFILLED)) {
            LockSupport.unpark(thread);
            return true;
        }
        entry = null;
        return false;
    }

    boolean fail(RuntimeException why) {
        failure = why;
        if (STATE.compareAndSet(this, WAITING, FAILED)) {
            LockSupport.unpark(thread);
            return true;
        }
        return false;
    }

    boolean cancel() {
        return STATE.compareAndSet(this, WAITING, CANCELLED);
    }
}
