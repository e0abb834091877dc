package io.cistern.pool;

import java.time.Duration;

/**
 * What a {@link ResourcePool} needs to know about the resources it holds: how to make one, how to
 * tell whether one still works, how to clean one up between users, and how to get rid of one.
 *
 * <p>The pool calls {@link #create()} and {@link #destroy(Object)} only from its own background
 * threads, never from a thread that is acquiring, so a slow or hanging database costs callers no
 * more than their acquire timeout. {@link #validate(Object, Duration)} runs in the acquiring
 * thread (only for a resource idle longer than the configured bypass window) or in the
 * housekeeping thread (keepalive). {@link #reset(Object)} runs in the thread that returns the
 * lease.
 *
 * <p>Implementations must be thread-safe: the pool creates and destroys concurrently.
 *
 * @param <T> the resource type
 */
public interface ResourceFactory<T> {

    /**
     * Makes a new resource. May block; the pool interrupts the creating thread once the
     * configured create timeout has passed and discards whatever is returned late.
     *
     * @return a new, usable resource, never {@code null}
     * @throws Exception when the resource cannot be made; the pool backs off and retries while
     *     there is demand
     */
    T create() throws Exception;

    /**
     * Tells whether a resource still works. Must return within roughly {@code timeout}, which
     * can be shorter than the configured validation timeout: an acquiring caller gives the check
     * only what is left of its acquire timeout. The default trusts every resource.
     *
     * @param resource the resource to check, not in use by anyone else
     * @param timeout how long the check may take: the validation timeout or, in an acquire, the
     *     part of the acquire timeout that is left, whichever is shorter
     * @return {@code false}, or an exception, to have the resource destroyed and replaced
     * @throws Exception treated as a failed validation
     */
    default boolean validate(T resource, Duration timeout) throws Exception {
        return true;
    }

    /**
     * Brings a returned resource back to the state a new user expects. The default does nothing.
     *
     * @param resource the resource being returned
     * @throws Exception to have the resource destroyed instead of reused
     */
    default void reset(T resource) throws Exception {
    }

    /**
     * Releases a resource for good. Failures are logged and otherwise ignored.
     *
     * @param resource the resource to release
     * @throws Exception if the release failed; the pool forgets the resource regardless
     */
    void destroy(T resource) throws Exception;
}
