package io.cistern.pool;

import java.time.Duration;

/**
 * No resource (or permit) became available within the acquire timeout. The message names the
 * pool, the timeout and the pool's state; the cause, when present, is the most recent failure to
 * create a resource, which is usually why the pool was short.
 */
public class AcquireTimeoutException extends PoolException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    /**
     * @param message the full description, naming the pool and its state
     * @param timeout the timeout that elapsed
     * @param cause the most recent creation failure, or {@code null}
     */
    public AcquireTimeoutException(String message, Duration timeout, Throwable cause) {
        super(message, cause);
        this.timeout = timeout;
    }

    /** @return the acquire timeout that elapsed */
    public Duration timeout() {
        return timeout;
    }
}
