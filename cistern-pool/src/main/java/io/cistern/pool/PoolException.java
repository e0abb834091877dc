package io.cistern.pool;

/** Base of the exceptions a pool throws to callers; unchecked, like most Java pool errors. */
public class PoolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, naming the pool
     * @param cause the underlying failure, or {@code null}
     */
    public PoolException(String message, Throwable cause) {
        super(message, cause);
    }
}
