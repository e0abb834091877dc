package io.cistern.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the pool adds to a result set: {@code getStatement()} returns the pool's statement proxy
 * (or {@code null} for metadata results), and every method refuses once the result set, its
 * statement or its connection is closed, so a stale cursor never reads from a connection that
 * has gone to the next borrower.
 */
abstract class ResultSetSupport {
    private final Statement statement;
    private final ConnectionSupport connection;
    final ResultSet raw;
    private boolean closed;

    /**
     * @param statement the statement proxy that produced it, or {@code null} for a metadata result
     */
    ResultSetSupport(Statement statement, ConnectionSupport connection, ResultSet raw) {
        this.statement = statement;
        this.connection = connection;
        this.raw = raw;
    }

    protected final SQLException onError(SQLException e) {
        return connection.onError(e);
    }

    protected final void checkOpen() throws SQLException {
        if (closed || statement != null && ((StatementSupport) statement).isUnusable()) {
            throw new SQLException("ResultSet is closed", "HY010");
        }
        if (connection.isReturned()) {
            throw connection.returnedError();
        }
    }

    public Statement getStatement() throws SQLException {
        checkOpen();
        return statement;
    }

    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        if (connection.isReturned()) {
            return; // closed with its statement when the connection was returned
        }
        try {
            raw.close();
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    public boolean isClosed() throws SQLException {
        return closed || statement != null && ((StatementSupport) statement).isUnusable() || connection.isReturned()
                || raw.isClosed();
    }

    public <T> T unwrap(Class<T> iface) throws SQLException {
        checkOpen();
        return Unwrapping.unwrap(this, raw, iface);
    }

    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        checkOpen();
        return Unwrapping.isWrapperFor(this, raw, iface);
    }
}
