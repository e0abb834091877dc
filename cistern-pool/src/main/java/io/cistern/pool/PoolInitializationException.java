package io.cistern.pool;

/**
 * A pool configured to fail fast could not create its first resource within the initialization
 * timeout. The pool has been closed; the cause is the last creation failure.
 */
public class PoolInitializationException extends PoolException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, naming the pool and the timeout
     * @param cause the last creation failure
     */
    public PoolInitializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
