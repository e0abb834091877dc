/**
 * Retrying a unit of work ({@link io.cistern.jdbc.SqlWork}) on a fresh connection:
 * {@link io.cistern.routing.retry.SqlRetry} runs it per a
 * {@link io.cistern.routing.retry.RetryPolicy} (how many attempts, exponential backoff with full jitter), after
 * only the failures {@link io.cistern.routing.retry.SqlFailure} classifies as transient, and counts
 * the outcomes ({@link io.cistern.routing.retry.RetryStats}). Usable on any {@link javax.sql.DataSource}.
 *
 * <p>Not here: which server the next attempt reaches (the data source's routing decides) and
 * refusing a failing server at once (the circuit breaker). It never makes a non-idempotent write
 * safe to repeat: a connection lost during commit leaves the outcome unknown.
 */
package io.cistern.routing.retry;
