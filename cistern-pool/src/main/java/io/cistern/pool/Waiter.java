package io.cistern.pool;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A thread parked in the pool's FIFO queue. Exactly one party wins the CAS out of
 * {@code WAITING}: a releaser handing over an entry, the closing pool, or the waiter itself
 * giving up (timeout or interrupt).
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
    private volatile int state = WAITING;
    /** Written before the state CAS, read after seeing the state: published by the volatile. */
    private PoolEntry<T> entry;
    private RuntimeException failure;

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
