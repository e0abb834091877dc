package io.cistern.jdbc.firststatement;

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
    /*
     * The flags and recorded settings share one int, so that the object stays at 24 bytes: one is
     * allocated per getConnection(), and that allocation is most of what routing at the first
     * statement costs.
     */
    private static final int CLOSED = 1;
    private static final int READ_ONLY = 1 << 1;
    private static final int AUTO_COMMIT_SET = 1 << 2;
    private static final int AUTO_COMMIT = 1 << 3;
    private static final int ISOLATION_SET = 1 << 4;
    private static final int HOLDABILITY_SET = 1 << 5;
    /** A recorded setting is kept in 12 bits; a driver's own larger constant is set on a routed connection. */
    private static final int SETTING_BITS = 12;
    private static final int SETTING_MASK = (1 << SETTING_BITS) - 1;
    private static final int ISOLATION_SHIFT = 8;
    private static final int HOLDABILITY_SHIFT = ISOLATION_SHIFT + SETTING_BITS;

    private final RoutingDataSource owner;
    private Connection target;
    private int state;

    LazyConnectionSupport(RoutingDataSource owner, boolean readOnly) {
        this.owner = owner;
        this.state = readOnly ? READ_ONLY : 0;
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
        int s = state;
        boolean readOnly = (s & READ_ONLY) != 0;
        Connection t = owner.router().connectionFor(readOnly);
        if (t == null) {
            throw new SQLException("The connection router returned no connection", "08001");
        }
        try {
            owner.defaults().learnFrom(t);
            if (readOnly) {
                t.setReadOnly(true);
            }
            if ((s & AUTO_COMMIT_SET) != 0 && ((s & AUTO_COMMIT) != 0) != t.getAutoCommit()) {
                t.setAutoCommit((s & AUTO_COMMIT) != 0);
            }
            if ((s & ISOLATION_SET) != 0) {
                t.setTransactionIsolation((s >>> ISOLATION_SHIFT) & SETTING_MASK);
            }
            if ((s & HOLDABILITY_SET) != 0) {
                t.setHoldability((s >>> HOLDABILITY_SHIFT) & SETTING_MASK);
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
        if ((state & CLOSED) != 0) {
            throw new SQLException("Connection is closed", "08003");
        }
    }

    protected SQLException onError(SQLException e) {
        return e;
    }

    public void close() throws SQLException {
        if ((state & CLOSED) != 0) {
            return;
        }
        state |= CLOSED;
        if (target != null) {
            target.close();
        }
    }

    public boolean isClosed() {
        return (state & CLOSED) != 0;
    }

    public boolean isValid(int timeoutSeconds) throws SQLException {
        return !isClosed() && target().isValid(timeoutSeconds);
    }

    public void abort(Executor executor) throws SQLException {
        state |= CLOSED;
        if (target != null) {
            target.abort(executor);
        }
    }

    public void setReadOnly(boolean value) throws SQLException {
        checkOpen();
        if (target != null) {
            target.setReadOnly(value);
        } else {
            state = value ? state | READ_ONLY : state & ~READ_ONLY;
        }
    }

    public boolean isReadOnly() throws SQLException {
        checkOpen();
        return target != null ? target.isReadOnly() : (state & READ_ONLY) != 0;
    }

    public void setAutoCommit(boolean value) throws SQLException {
        checkOpen();
        if (target != null) {
            target.setAutoCommit(value);
        } else {
            state = (state | AUTO_COMMIT_SET) & ~AUTO_COMMIT | (value ? AUTO_COMMIT : 0);
        }
    }

    public boolean getAutoCommit() throws SQLException {
        checkOpen();
        if (target != null) {
            return target.getAutoCommit();
        }
        if ((state & AUTO_COMMIT_SET) != 0) {
            return (state & AUTO_COMMIT) != 0;
        }
        RoutingDefaults defaults = owner.defaults();
        return defaults.known() ? defaults.autoCommit() : target().getAutoCommit();
    }

    public void setTransactionIsolation(int level) throws SQLException {
        checkOpen();
        if (target != null) {
            target.setTransactionIsolation(level);
        } else if ((level & ~SETTING_MASK) != 0) {
            target().setTransactionIsolation(level);
        } else {
            state = state & ~(SETTING_MASK << ISOLATION_SHIFT) | ISOLATION_SET | level << ISOLATION_SHIFT;
        }
    }

    public int getTransactionIsolation() throws SQLException {
        checkOpen();
        if (target != null) {
            return target.getTransactionIsolation();
        }
        if ((state & ISOLATION_SET) != 0) {
            return (state >>> ISOLATION_SHIFT) & SETTING_MASK;
        }
        RoutingDefaults defaults = owner.defaults();
        return defaults.known() ? defaults.isolation() : target().getTransactionIsolation();
    }

    public void setHoldability(int value) throws SQLException {
        checkOpen();
        if (target != null) {
            target.setHoldability(value);
        } else if ((value & ~SETTING_MASK) != 0) {
            target().setHoldability(value);
        } else {
            state = state & ~(SETTING_MASK << HOLDABILITY_SHIFT) | HOLDABILITY_SET | value << HOLDABILITY_SHIFT;
        }
    }

    public int getHoldability() throws SQLException {
        checkOpen();
        if (target != null) {
            return target.getHoldability();
        }
        if ((state & HOLDABILITY_SET) != 0) {
            return (state >>> HOLDABILITY_SHIFT) & SETTING_MASK;
        }
        RoutingDefaults defaults = owner.defaults();
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
        checkOpen();
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        return target().unwrap(iface);
    }

    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        checkOpen();
        return iface.isInstance(this) || target().isWrapperFor(iface);
    }

    @Override
    public String toString() {
        return "RoutingConnection{readOnly=" + ((state & READ_ONLY) != 0) + ", routed=" + target + ", closed="
                + isClosed() + '}';
    }
}
