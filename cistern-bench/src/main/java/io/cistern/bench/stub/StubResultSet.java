package io.cistern.bench.stub;

import java.sql.Statement;

/** An empty result. */
final class StubResultSet extends NoOpResultSet {
    private final Statement statement;
    private boolean closed;

    StubResultSet(Statement statement) {
        this.statement = statement;
    }

    @Override
    public Statement getStatement() {
        return statement;
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
