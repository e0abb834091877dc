package io.cistern.jdbc.routing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Savepoint;
import java.util.concurrent.Executor;

/**
 * A connection that has not yet chosen its database. Settings made before the first statement
 * (read-only, auto-commit, isolation, holdability) are recorded; the first call that needs the
 * database asks the {@link ConnectionRouter} for a connection, read-only or not, and replays
 * them. This is what lets {@code setReadOnly(true)}, as Spring's
 * {@code @Transactional(readOnly = true)} issues it, reach a replica. The generated
 * {@code LazyConnection} extends this and sends every other method to {@link #target()}.
 */
abstract class LazyConnectionSupport {
    private final ConnectionRouter router;
    private final RoutingDefaults defaults;
    private Connection target;
    private boolean closed;
    private boolean readOnly;
    private Boolean autoCommit;
    private Integer isolation;
    private Integer holdability;

    LazyConnectionSupport(ConnectionRouter router, RoutingDefaults defaults, boolean readOnly) {
        this.router = router;
        this.defaults = defaults;
        this.readOnly = readOnly;
    }

    /** @return the routed connection, choosing it now if this is the first call that needs one */
    protected final Connection target() throws SQLException {
        checkOpen();
        Connection t = target;
        return t != null ? t : materialize();
    }

    /** @return the routed connection, or {@code null} while none has been chosen */
    final Connection routedOrNull() {
        return target;
    }

    private Connection materialize() throws SQLException {
        Connection t = router.connectionFor(readOnly);
        if (t == null) {
            throw new SQLException("The connection router returned no connection", "08001");
        }
        try {
            defaults.learnFrom(t);
            if (readOnly) {
                t.setReadOnly(true);
            }
            if (autoCommit != null && autoCommit != t.getAutoCommit()) {
                t.setAutoCommit(autoCommit);
            }
            if (isolation != null) {
                t.setTransactionIsolation(isolation);
            }
            if (holdability != null) {
                t.setHoldability(holdability);
            }
        } catch (SQLException | RuntimeException e) {
            try {
                t.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        target = t;
        return t;
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("Connection is closed", "08003");
        }
    }

    protected SQLException onError(SQLException e) {
        return e;
    }

    public void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        if (target != null) {
            target.close();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    public boolean isValid(int timeoutSeconds) throws SQLException {
        return !closed && target().isValid(timeoutSeconds);
    }

    public void abort(Executor executor) throws SQLException {
        closed = true;
        if (target != null) {
            target.abort(executor);
        }
    }

    public void setReadOnly(boolean value) throws SQLException {
        checkOpen();
        if (target != null) {
            target.setReadOnly(value);
        } else {
            readOnly = value;
        }
    }

    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return target != null ? target.isReadOnly() : readOnly;
    }

    public void setAutoCommit(boolean value) throws SQLException {
        checkOpen();
        if (target != null) {
            target.setAutoCommit(value);
        } else {
            autoCommit = value;
        }
    }

    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        if (target != null) {
            return target.getAutoCommit();
        }
        if (autoCommit != null) {
            return autoCommit;
        }
        return defaults.known() ? defaults.autoCommit() : target().getAutoCommit();
    }

    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        if (target != null) {
            target.setTransactionIsolation(level);
        } else {
            isolation = level;
        }
    }

    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        if (target != null) {
            return target.getTransactionIsolation();
        }
        if (isolation != null) {
            return isolation;
        }
        return defaults.known() ? defaults.isolation() : target().getTransactionIsolation();
    }

    public void setHoldability(int value) throws SQLException {
        checkOpen();
        if (target != null) {
            target.setHoldability(value);
        } else {
            holdability = value;
        }
    }

    public int getHoldability() throws SQLException {
        checkOpen();
        if (target != null) {
            return target.getHoldability();
        }
        if (holdability != null) {
            return holdability;
        }
        return defaults.known() ? defaults.holdability() : target().getHoldability();
    }

    /** Before the first statement there is nothing to commit: no database is chosen for it. */
    public void commit() throws SQLException {
        checkOpen();
        if (target != null) {
            target.commit();
        }
    }

    public void rollback() throws SQLException {
        checkOpen();
        if (target != null) {
            target.rollback();
        }
    }

    public void rollback(Savepoint savepoint) throws SQLException {
        target().rollback(savepoint);
    }

    public SQLWarning getWarnings() throws SQLException {
        checkOpen();
        return target != null ? target.getWarnings() : null;
    }

    public void clearWarnings() throws SQLException {
        checkOpen();
        if (target != null) {
            target.clearWarnings();
        }
    }

    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return target().unwrap(iface);
    }

    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return iface.isInstance(this) || target().isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return "RoutingConnection{readOnly=" + readOnly + ", routed=" + target + ", closed=" + closed + '}';
    }
}
