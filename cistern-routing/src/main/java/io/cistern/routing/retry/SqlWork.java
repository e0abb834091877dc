package io.cistern.routing.retry;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A unit of work on one connection, run again on a fresh connection when an attempt fails
 * transiently. It must be safe to repeat: run a whole transaction (commit inside the work) or
 * idempotent statements. A connection lost during {@code commit()} leaves the outcome unknown,
 * so a retried non-idempotent write may be applied twice.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface SqlWork<T> {
    /**
     * @param connection a connection of its own for this attempt; closed after the attempt
     * @return the result
     * @throws SQLException on failure; transient failures are retried per the policy
     */
    T run(Connection connection) throws SQLException;
}
