/**
 * The project's one circuit breaker: {@link io.cistern.jdbc.breaker.CircuitBreaker}, closed, open
 * and half-open, lock-free, free to ask while closed, opened by a run of failures or a failure
 * rate over a time window ({@link io.cistern.jdbc.breaker.CircuitBreakerConfig}), with its state
 * and statistics ({@link io.cistern.jdbc.breaker.BreakerState},
 * {@link io.cistern.jdbc.breaker.BreakerStats}).
 *
 * <p>Why in cistern-jdbc: both of its users guard getting a connection to a database that may
 * not answer, cistern-routing one breaker per endpoint of a cluster, cistern-sqlite one per
 * database file (refusing opens after failed opens), and both depend on this module. cistern-pool
 * is lower but is the resource container only: it never refuses by failure history (a failing
 * create is retried with backoff), and a policy it does not use would not belong there.
 *
 * <p>Not here: what counts as a failure or a success, which is each user's choice (the cluster
 * reports only proofs of life as successes; SQLite counts its run of failed opens itself and
 * opens the breaker when the run reaches its threshold), and no retrying: a refused caller is
 * told at once, and retrying is cistern-routing's {@code io.cistern.routing.retry}.
 */
package io.cistern.jdbc.breaker;
