package io.cistern.bench.stub;

import java.sql.Connection;
import java.sql.ResultSet;

/** A prepared statement whose executions do nothing and return an empty result. */
final class StubPreparedStatement extends NoOpPreparedStatement {
    private final Connection connection;
    private boolean closed;

    StubPreparedStatement(Connection connection) {
        this.connection = connection;
    }

    @Override
    public ResultSet executeQuery() {
        return new StubResultSet(this);
    }

    @Override
    public ResultSet executeQuery(String sql) {
        return new StubResultSet(this);
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }
}
