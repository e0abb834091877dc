package io.cistern.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A unit of work on one connection, handed to whatever decides which connection it runs on and
 * how often: cistern-routing's {@code SqlRetry} runs it again on a fresh connection when an
 * attempt fails transiently, cistern-memory runs it on its writer or reader.
 *
 * <p>Where it may be retried it must be safe to repeat: run a whole transaction (commit inside
 * the work) or idempotent statements. A connection lost during {@code commit()} leaves the
 * outcome unknown, so a retried non-idempotent write may be applied twice.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface SqlWork<T> {
    /**
     * @param connection a connection of its own for this attempt; closed after the attempt
     * @return the result
     * @throws SQLException on failure; a retrying caller retries transient failures per its policy
     */
    T run(Connection connection) throws SQLException;
}
