package io.cistern.jdbc;

import io.cistern.pool.ResourceFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executor;

/** Opens, validates and closes physical connections for the pool, applying the configured defaults. */
final class ConnectionFactory implements ResourceFactory<PooledConnection> {
    private static final Executor DIRECT = Runnable::run;
    private final PhysicalConnectionSource source;
    private final CisternConfig config;
    private final SessionReset sessionReset;
    /** Cleared when the driver turns out not to support network timeouts; a racy write of the same value is harmless. */
    private boolean networkTimeouts = true;

    ConnectionFactory(PhysicalConnectionSource source, CisternConfig config) {
        this.source = source;
        this.config = config;
        this.sessionReset = config.sessionResetSql() != null
                ? new SessionReset(config.sessionResetSql(), config.connectionInitSql()) : null;
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
                    isolation != null ? isolation : PooledConnection.UNKNOWN_ISOLATION, config.catalog(), config.schema(),
                    sessionReset);
        } catch (SQLException | RuntimeException e) {
            try {
                raw.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * {@code isValid} and query timeouts count whole seconds; a budget that is not a whole number
     * of seconds (an acquire's remaining time) is enforced on the socket with a network timeout
     * for the duration of the check, which drivers such as pgjdbc keep when it is the shorter.
     */
    @Override
    public boolean validate(PooledConnection connection, Duration timeout) throws SQLException {
        long ms = Math.max(1, timeout.toMillis());
        int seconds = (int) Math.max(1, (ms + 999) / 1000);
        Connection raw = connection.raw;
        int previous = -1;
        if (ms % 1000 != 0 && networkTimeouts) {
            try {
                int current = raw.getNetworkTimeout();
                if (current == 0 || current > ms) {
                    raw.setNetworkTimeout(DIRECT, (int) Math.min(ms, Integer.MAX_VALUE));
                    previous = current;
                }
            } catch (SQLFeatureNotSupportedException unsupported) {
                networkTimeouts = false;
            }
        }
        boolean valid = check(connection, raw, seconds);
        if (previous >= 0) {
            try {
                raw.setNetworkTimeout(DIRECT, previous);
            } catch (SQLException e) {
                return false;
            }
        }
        return valid;
    }

    private boolean check(PooledConnection connection, Connection raw, int seconds) throws SQLException {
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
