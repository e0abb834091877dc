package io.cistern.jdbc;

import io.cistern.pool.Lease;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the pool adds to a borrowed connection: return on close, tracking of statements and of
 * changed settings, eviction on fatal errors, and refusal after close. The generated
 * {@code ConnectionProxy} extends this and delegates every other {@link Connection} method.
 */
abstract class ConnectionSupport {
    private static final Logger log = LoggerFactory.getLogger(CisternDataSource.class);

    private final FatalErrorDetector fatalErrors;
    private final Lease<PooledConnection> lease;
    final PooledConnection pooled;
    private final Connection raw;
    private boolean closed;

    ConnectionSupport(FatalErrorDetector fatalErrors, Lease<PooledConnection> lease) {
        this.fatalErrors = fatalErrors;
        this.lease = lease;
        this.pooled = lease.get();
        this.raw = pooled.raw;
    }

    /** @return the physical connection, or throws if this proxy has been closed */
    protected final Connection delegate() throws SQLException {
        if (closed) {
            throw returnedError();
        }
        return raw;
    }

    /** @return whether this proxy was closed, its connection gone back to the pool (or aborted) */
    final boolean isReturned() {
        return closed;
    }

    /** @return the error for any use of this proxy, or of its statements, after it was closed */
    final SQLException returnedError() {
        return new SQLException("Connection from pool '" + fatalErrors.poolName() + "' is closed", "08003");
    }

    /**
     * Evicts the connection when the error says it is broken; the caller still gets the error.
     * Once this proxy is closed the lease is someone else's: nothing is marked then.
     */
    protected final SQLException onError(SQLException e) {
        if (!closed && fatalErrors.isFatal(e)) {
            log.warn("Pool '{}': connection broken (SQLState {}, {}); it will be replaced",
                    fatalErrors.poolName(), e.getSQLState(), e.getMessage());
            lease.markBroken();
        }
        return e;
    }

    /** @return this object as the {@link Connection} users see */
    final Connection proxy() {
        return (Connection) this;
    }

    final void beforeExecute() {
        if (!pooled.autoCommit) {
            pooled.transactionDirty = true;
        }
    }

    /** Lets the opt-in session reset see the SQL a statement runs; free when the reset is off. */
    final void noteSql(String sql) {
        if (pooled.sessionReset != null) {
            pooled.noteSql(sql);
        }
    }

    final void untrack(Statement statement) {
        pooled.untrack(statement);
    }

    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            pooled.reset();
        } catch (SQLException e) {
            log.debug("Pool '{}': resetting a returned connection failed; destroying it", fatalErrors.poolName(), e);
            lease.markBroken();
        } finally {
            lease.close();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    public boolean isValid(int timeoutSeconds) throws SQLException {
        if (closed) {
            return false;
        }
        try {
            return raw.isValid(timeoutSeconds);
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    public void abort(Executor executor) throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        lease.markBroken();
        try {
            raw.abort(executor);
        } catch (SQLException e) {
            log.debug("Pool '{}': aborting a connection failed", fatalErrors.poolName(), e);
        } finally {
            lease.close();
        }
    }

    private Connection noted(String sql, Connection c) {
        noteSql(sql);
        return c;
    }

    private <S extends Statement> S track(S raw) {
        pooled.track(raw);
        return raw;
    }

    public Statement createStatement() throws SQLException {
        try {
            return new StatementProxy(this, track(delegate().createStatement()));
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    public Statement createStatement(int type, int concurrency) throws SQLException {
        try {
            return new StatementProxy(this, track(delegate().createStatement(type, concurrency)));
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    public Statement createStatement(int type, int concurrency, int holdability) throws SQLException {
        try {
            return new StatementProxy(this, track(delegate().createStatement(type, concurrency, holdability)));
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    public PreparedStatement prepareStatement(String sql) throws SQLException {
        try {
            return new PreparedStatementProxy(this, track(noted(sql, delegate()).prepareStatement(sql)));
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
        try {
            return new PreparedStatementProxy(this, track(noted(sql, delegate()).prepareStatement(sql, autoGeneratedKeys)));
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
        try {
            return new PreparedStatementProxy(this, track(noted(sql, delegate()).prepareStatement(sql, columnIndexes)));
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
        try {
            return new PreparedStatementProxy(this, track(noted(sql, delegate()).prepareStatement(sql, columnNames)));
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
        try {
            return new PreparedStatementProxy(this, track(noted(sql, delegate()).prepareStatement(sql, type, concurrency)));
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    public PreparedStatement prepareStatement(String sql, int type, int concurrency, int holdability) throws SQLException {
        try {
            return new PreparedStatementProxy(this, track(noted(sql, delegate()).prepareStatement(sql, type, concurrency, holdability)));
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    public CallableStatement prepareCall(String sql) throws SQLException {
        try {
            return new CallableStatementProxy(this, track(noted(sql, delegate()).prepareCall(sql)));
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    public CallableStatement prepareCall(String sql, int type, int concurrency) throws SQLException {
        try {
            return new CallableStatementProxy(this, track(noted(sql, delegate()).prepareCall(sql, type, concurrency)));
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    public CallableStatement prepareCall(String sql, int type, int concurrency, int holdability) throws SQLException {
        try {
            return new CallableStatementProxy(this, track(noted(sql, delegate()).prepareCall(sql, type, concurrency, holdability)));
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    public void setAutoCommit(boolean autoCommit) throws SQLException {
        try {
            delegate().setAutoCommit(autoCommit);
        } catch (SQLException e) {
            throw onError(e);
        }
        pooled.autoCommit = autoCommit;
        pooled.dirtyBits |= PooledConnection.AUTO_COMMIT;
        if (autoCommit) {
            // Switching auto-commit on commits the open transaction (JDBC 4.3, 10.1.1).
            pooled.transactionDirty = false;
        }
    }

    public void setReadOnly(boolean readOnly) throws SQLException {
        try {
            delegate().setReadOnly(readOnly);
        } catch (SQLException e) {
            throw onError(e);
        }
        pooled.readOnly = readOnly;
        pooled.dirtyBits |= PooledConnection.READ_ONLY;
    }

    public void setTransactionIsolation(int level) throws SQLException {
        try {
            Connection c = delegate();
            pooled.beforeIsolationChange();
            c.setTransactionIsolation(level);
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    public void setCatalog(String catalog) throws SQLException {
        try {
            Connection c = delegate();
            pooled.beforeCatalogChange();
            c.setCatalog(catalog);
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    public void setSchema(String schema) throws SQLException {
        try {
            Connection c = delegate();
            pooled.beforeSchemaChange();
            c.setSchema(schema);
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
        try {
            Connection c = delegate();
            pooled.beforeNetworkTimeoutChange();
            c.setNetworkTimeout(executor, milliseconds);
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    public void commit() throws SQLException {
        try {
            delegate().commit();
        } catch (SQLException e) {
            throw onError(e);
        }
        pooled.transactionDirty = false;
    }

    public void rollback() throws SQLException {
        try {
            delegate().rollback();
        } catch (SQLException e) {
            throw onError(e);
        }
        pooled.transactionDirty = false;
    }

    public void rollback(Savepoint savepoint) throws SQLException {
        try {
            delegate().rollback(savepoint);
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    public DatabaseMetaData getMetaData() throws SQLException {
        try {
            return MetaDataProxy.wrap(this, delegate().getMetaData());
        } catch (SQLException e) {
            throw onError(e);
        }
    }

    public <T> T unwrap(Class<T> iface) throws SQLException {
        return Unwrapping.unwrap(this, delegate(), iface);
    }

    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return Unwrapping.isWrapperFor(this, delegate(), iface);
    }

    @Override
    public String toString() {
        return "CisternConnection{pool=" + fatalErrors.poolName() + ", closed=" + closed + ", delegate=" + raw + '}';
    }
}
