package io.cistern.pool;

/**
 * The right to use one pooled resource until {@link #close()}; meant for try-with-resources.
 *
 * <pre>{@code
 * try (Lease<Channel> lease = pool.acquire()) {
 *     lease.get().send(message);
 * }
 * }</pre>
 *
 * <p>A lease is the pool's own record of the resource and is reused for the next holder, which is
 * what keeps acquire and release free of allocation. Once closed it belongs to the pool again:
 * {@link #get()} then throws, a second {@link #close()} does nothing, and a reference kept past
 * close must not be used.
 *
 * @param <T> the resource type
 */
public interface Lease<T> extends AutoCloseable {

    /**
     * Returns the leased resource.
     *
     * @return the resource, never {@code null}
     * @throws IllegalStateException if this lease has been closed
     */
    T get();

    /**
     * Marks the resource as unusable, so {@link #close()} destroys it instead of returning it.
     * The pool creates a replacement when there is demand for one.
     */
    void markBroken();

    /**
     * Returns the resource to the pool (or destroys it, if marked broken, evicted or expired).
     * Idempotent.
     */
    @Override
    void close();
}
