package io.cistern.pool;

/** The pool (or limiter) has been closed: it refuses acquires and wakes its waiters with this. */
public class PoolClosedException extends PoolException {
    private static final long serialVersionUID = 1L;

    /** @param name the name of the closed pool */
    public PoolClosedException(String name) {
        super("Pool '" + name + "' is closed; it accepts no more acquires", null);
    }
}
