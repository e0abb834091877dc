package io.cistern.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What the pool adds to a result set: {@code getStatement()} returns the pool's statement proxy. */
abstract class ResultSetSupport {
    private final Statement statement;
    private final ConnectionSupport connection;
    final ResultSet raw;

    ResultSetSupport(Statement statement, ConnectionSupport connection, ResultSet raw) {
        this.statement = statement;
        this.connection = connection;
        this.raw = raw;
    }

    protected final SQLException onError(SQLException e) {
        return connection.onError(e);
    }

    public Statement getStatement() {
        return statement;
    }

    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Unwrapping.unwrap(this, raw, iface);
    }

    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return Unwrapping.isWrapperFor(this, raw, iface);
    }
}
