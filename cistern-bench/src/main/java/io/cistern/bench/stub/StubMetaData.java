package io.cistern.bench.stub;

import java.sql.Connection;

/** What pools ask of the driver at start-up: a JDBC 4.3 driver named "stub". */
final class StubMetaData extends NoOpDatabaseMetaData {
    private final Connection connection;

    StubMetaData(Connection connection) {
        this.connection = connection;
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public String getDatabaseProductName() {
        return "stub";
    }

    @Override
    public String getDriverName() {
        return "stub";
    }

    @Override
    public int getJDBCMajorVersion() {
        return 4;
    }

    @Override
    public int getJDBCMinorVersion() {
        return 3;
    }

    @Override
    public boolean supportsTransactionIsolationLevel(int level) {
        return true;
    }
}
