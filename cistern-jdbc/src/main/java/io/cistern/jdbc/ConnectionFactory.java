package io.cistern.jdbc;

import io.cistern.pool.ResourceFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Opens, validates and closes physical connections for the pool, applying the configured defaults. */
final class ConnectionFactory implements ResourceFactory<PooledConnection> {
    private final PhysicalConnectionSource source;
    private final CisternConfig config;

    ConnectionFactory(PhysicalConnectionSource source, CisternConfig config) {
        this.source = source;
        this.config = config;
    }

    @Override
    public PooledConnection create() throws SQLException {
        Connection raw = source.open();
        try {
            if (raw.getAutoCommit() != config.autoCommit()) {
                raw.setAutoCommit(config.autoCommit());
            }
            if (config.readOnly()) {
                raw.setReadOnly(true);
            }
            Integer isolation = config.transactionIsolation();
            if (isolation != null) {
                raw.setTransactionIsolation(isolation);
            }
            if (config.catalog() != null) {
                raw.setCatalog(config.catalog());
            }
            if (config.schema() != null) {
                raw.setSchema(config.schema());
            }
            if (config.connectionInitSql() != null) {
                try (Statement s = raw.createStatement()) {
                    s.execute(config.connectionInitSql());
                }
                if (!config.autoCommit()) {
                    raw.commit();
                }
            }
            return new PooledConnection(raw, config.autoCommit(), config.readOnly(),
                    isolation != null ? isolation : PooledConnection.UNKNOWN_ISOLATION, config.catalog(), config.schema());
        } catch (SQLException | RuntimeException e) {
            try {
                raw.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    public boolean validate(PooledConnection connection, Duration timeout) throws SQLException {
        int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
        Connection raw = connection.raw;
        String testQuery = config.connectionTestQuery();
        if (testQuery == null) {
            return raw.isValid(seconds);
        }
        try (Statement s = raw.createStatement()) {
            s.setQueryTimeout(seconds);
            s.execute(testQuery);
        }
        if (!connection.autoCommit) {
            raw.rollback();
        }
        return true;
    }

    @Override
    public void destroy(PooledConnection connection) throws SQLException {
        connection.raw.close();
    }
}
