package io.cistern.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the pool adds to a statement: {@code getConnection()} returns the pool's proxy, close
 * untracks it, execution marks the transaction as open, errors go through the fatal-error check,
 * result sets are wrapped so {@code getStatement()} returns this proxy, and every method refuses
 * once the statement is closed or its connection has gone back to the pool.
 */
abstract class StatementSupport {
    final ConnectionSupport connection;
    final Statement raw;
    private boolean closed;

    StatementSupport(ConnectionSupport connection, Statement raw) {
        this.connection = connection;
        this.raw = raw;
    }

    protected final SQLException onError(SQLException e) {
        return connection.onError(e);
    }

    /**
     * Refuses a closed statement, or one whose connection was returned: the physical statement
     * was closed at the return, and some drivers (sqlite-jdbc) would quietly prepare it again
     * on a connection that now belongs to the next borrower.
     */
    protected final void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("Statement is closed", "HY010");
        }
        if (connection.isReturned()) {
            throw connection.returnedError();
        }
    }

    /** @return whether this statement refuses calls; read by its result sets */
    final boolean isUnusable() {
        return closed || connection.isReturned();
    }

    protected final void beforeExecute() {
        connection.beforeExecute();
    }

    protected final void noteSql(String sql) {
        connection.noteSql(sql);
    }

    protected final ResultSet wrap(ResultSet rs) {
        return rs == null ? null : new ResultSetProxy((Statement) this, connection, rs);
    }

    public Connection getConnection() throws SQLException {
        checkOpen();
        return connection.proxy();
    }

    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        if (connection.isReturned()) {
            // The return closed the physical statement; the tracking list is the next holder's now.
            return;
        }
        connection.untrack(raw);
        try {
            raw.close();
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    public boolean isClosed() throws SQLException {
        return isUnusable() || raw.isClosed();
    }

    public <T> T unwrap(Class<T> iface) throws SQLException {
        checkOpen();
        return Unwrapping.unwrap(this, raw, iface);
    }

    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        checkOpen();
        return Unwrapping.isWrapperFor(this, raw, iface);
    }

    @Override
    public String toString() {
        return "CisternStatement{" + raw + '}';
    }
}
