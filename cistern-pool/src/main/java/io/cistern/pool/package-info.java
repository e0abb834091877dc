/**
 * A bounded, fair pool of any resource: {@link io.cistern.pool.ResourcePool} over the
 * {@link io.cistern.pool.ResourceFactory} SPI (create, validate, reset, destroy), configured by
 * {@link io.cistern.pool.PoolConfig}, observed through {@link io.cistern.pool.PoolStats} and
 * {@link io.cistern.pool.PoolListener}. A caller leases a resource and closes the
 * {@link io.cistern.pool.Lease} to return it; creating, checking and destroying happen on the
 * pool's own background threads.
 *
 * <p>Where to read: {@code ResourcePool} holds the lifecycle and the policy (when to validate,
 * retire, create, hand over); the engine beneath it is package-private: {@code SlotTable} (the
 * resources, the bound, the scans), {@code WaitQueue} (the waiting callers, waking and hand-off),
 * {@code PoolEntry} and {@code Waiter} (the two ownership protocols, each a CAS on a state),
 * {@code ResourceCreator} and {@code Housekeeper} (the background work). docs/ARCHITECTURE.md
 * follows an acquire through them.
 *
 * <p>Not JDBC: connections, statements and the {@code DataSource} are cistern-jdbc's, built on
 * this. Not a limiter of work without resources: that is {@link io.cistern.pool.limit}.
 */
package io.cistern.pool;
