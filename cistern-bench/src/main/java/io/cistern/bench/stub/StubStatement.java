package io.cistern.bench.stub;

import java.sql.Connection;
import java.sql.ResultSet;

/** A statement whose executions do nothing and return an empty result. */
final class StubStatement extends NoOpStatement {
    private final Connection connection;
    private boolean closed;

    StubStatement(Connection connection) {
        this.connection = connection;
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
