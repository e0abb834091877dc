/**
 * {@link io.cistern.pool.limit.ConcurrencyLimiter}: at most N operations at once, with the pool's
 * acquire timeout, FIFO fairness, close semantics and exceptions, but no resources to create,
 * check or destroy. For a backend that has its own connections (an HTTP client, a store behind a
 * driver) and must not be overwhelmed by a burst.
 *
 * <p>Not the pool: nothing is pooled, leased or validated here, and it shares no code with
 * {@link io.cistern.pool.ResourcePool}'s engine, only its exceptions.
 */
package io.cistern.pool.limit;
