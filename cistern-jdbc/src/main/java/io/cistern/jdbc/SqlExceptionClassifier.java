package io.cistern.jdbc;

import java.sql.SQLException;

/**
 * Decides whether an SQLException means the connection itself is broken, so that the pool
 * destroys it instead of handing it to the next user. Consulted before the built-in rules
 * (SQLState class 08, PostgreSQL's 57P01 to 57P03, {@code SQLNonTransientConnectionException}
 * and {@code SQLRecoverableException} anywhere in the cause chain); return
 * {@link Verdict#DEFAULT} to fall back to them.
 *
 * <pre>{@code
 * // A proxy in front of the database reports lost backends with a vendor code.
 * SqlExceptionClassifier classifier = e -> e.getErrorCode() == 9001 ? Verdict.FATAL : Verdict.DEFAULT;
 * }</pre>
 */
@FunctionalInterface
public interface SqlExceptionClassifier {

    /** What a classifier says about one exception. */
    enum Verdict {
        /** The connection is broken: evict it. */
        FATAL,
        /** The connection is fine whatever the built-in rules say. */
        NOT_FATAL,
        /** No opinion: apply the built-in rules. */
        DEFAULT
    }

    /**
     * @param e an exception thrown by the driver through one of the pool's proxies
     * @return the verdict; must not throw
     */
    Verdict classify(SQLException e);
}
