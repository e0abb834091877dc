package io.cistern.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the pool adds to a statement: {@code getConnection()} returns the pool's proxy, close
 * untracks it, execution marks the transaction as open, errors go through the fatal-error check,
 * and result sets are wrapped so {@code getStatement()} returns this proxy.
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

    protected final void beforeExecute() {
        connection.beforeExecute();
    }

    protected final ResultSet wrap(ResultSet rs) {
        return rs == null ? null : new ResultSetProxy((Statement) this, connection, rs);
    }

    public Connection getConnection() throws SQLException {
        if (closed) {
            throw new SQLException("Statement is closed", "HY010");
        }
        return connection.proxy();
    }

    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        connection.untrack(raw);
        try {
            raw.close();
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    public boolean isClosed() throws SQLException {
        return closed || raw.isClosed();
    }

    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Unwrapping.unwrap(this, raw, iface);
    }

    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return Unwrapping.isWrapperFor(this, raw, iface);
    }

    @Override
    public String toString() {
        return "CisternStatement{" + raw + '}';
    }
}
