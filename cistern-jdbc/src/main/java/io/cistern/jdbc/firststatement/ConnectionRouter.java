package io.cistern.jdbc.firststatement;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Decides which database serves a connection, once the connection's first statement is about to
 * run and it is known whether its user declared it read-only. Implementations are the policy
 * (primary and replicas, one SQLite writer and many readers); {@link RoutingDataSource} supplies
 * the mechanism.
 */
@FunctionalInterface
public interface ConnectionRouter {

    /**
     * @param readOnly whether the user called {@code setReadOnly(true)} before the first
     *     statement, or took the connection from {@link RoutingDataSource#readOnlyView()}
     * @return a connection to serve the work, usually borrowed from a pool; it is closed (and so
     *     returned) when the user closes the routing connection
     * @throws SQLException if no database can serve it
     */
    Connection connectionFor(boolean readOnly) throws SQLException;
}
