package io.cistern.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;

/**
 * A physical connection in the pool, with what its current user changed. Reset on return touches
 * only what changed, so a connection returned clean costs no round trip to the database.
 * Confined to one holder at a time, as the pool guarantees; no field needs to be volatile.
 */
final class PooledConnection {
    static final int AUTO_COMMIT = 1;
    static final int READ_ONLY = 1 << 1;
    static final int ISOLATION = 1 << 2;
    static final int CATALOG = 1 << 3;
    static final int SCHEMA = 1 << 4;
    static final int NETWORK_TIMEOUT = 1 << 5;
    static final int UNKNOWN_ISOLATION = -1;

    final Connection raw;
    final boolean defaultAutoCommit;
    final boolean defaultReadOnly;
    /** The isolation the pool set, or {@link #UNKNOWN_ISOLATION} until a user changes it. */
    private int defaultIsolation;
    private String defaultCatalog;
    private String defaultSchema;
    private int defaultNetworkTimeout;

    boolean autoCommit;
    boolean readOnly;
    /** A statement ran since the last commit or rollback while auto-commit was off. */
    boolean transactionDirty;
    /** The opt-in reset of SQL-set session state, or {@code null} when it is off. */
    final SessionReset sessionReset;
    /** A statement that leaves session state ran since the last return (only tracked with a reset). */
    boolean sessionDirty;
    int dirtyBits;
    private final ArrayList<Statement> openStatements = new ArrayList<>();

    PooledConnection(Connection raw, boolean autoCommit, boolean readOnly, int isolation, String catalog, String schema,
                     SessionReset sessionReset) {
        this.raw = raw;
        this.sessionReset = sessionReset;
        this.defaultAutoCommit = autoCommit;
        this.defaultReadOnly = readOnly;
        this.autoCommit = autoCommit;
        this.readOnly = readOnly;
        this.defaultIsolation = isolation;
        this.defaultCatalog = catalog;
        this.defaultSchema = schema;
    }

    /** Marks the session for a reset on return if {@code sql} leaves state in it; only called with a reset configured. */
    void noteSql(String sql) {
        if (!sessionDirty && SessionReset.leavesState(sql)) {
            sessionDirty = true;
        }
    }

    void track(Statement statement) {
        openStatements.add(statement);
    }

    void untrack(Statement statement) {
        // The statement closed is almost always the newest one: search from the end.
        for (int i = openStatements.size() - 1; i >= 0; i--) {
            if (openStatements.get(i) == statement) {
                openStatements.remove(i);
                return;
            }
        }
    }

    int openStatementCount() {
        return openStatements.size();
    }

    /** Remembers the pool's value before the first change, asking the driver only then. */
    void beforeIsolationChange() throws SQLException {
        if ((dirtyBits & ISOLATION) == 0 && defaultIsolation == UNKNOWN_ISOLATION) {
            defaultIsolation = raw.getTransactionIsolation();
        }
        dirtyBits |= ISOLATION;
    }

    void beforeCatalogChange() throws SQLException {
        if ((dirtyBits & CATALOG) == 0 && defaultCatalog == null) {
            defaultCatalog = raw.getCatalog();
        }
        dirtyBits |= CATALOG;
    }

    void beforeSchemaChange() throws SQLException {
        if ((dirtyBits & SCHEMA) == 0 && defaultSchema == null) {
            defaultSchema = raw.getSchema();
        }
        dirtyBits |= SCHEMA;
    }

    void beforeNetworkTimeoutChange() throws SQLException {
        if ((dirtyBits & NETWORK_TIMEOUT) == 0) {
            defaultNetworkTimeout = raw.getNetworkTimeout();
        }
        dirtyBits |= NETWORK_TIMEOUT;
    }

    /**
     * Brings the connection back to the pool's defaults: closes the statements the user left
     * open (which closes their result sets), rolls back an unfinished transaction, and restores
     * whatever settings the user changed.
     *
     * @throws SQLException if any step failed; the pool then destroys the connection
     */
    void reset() throws SQLException {
        SQLException failure = null;
        // A clean return writes no field here: this object and its list were allocated next to
        // the other connections' by the creator thread, and a store to a line a neighbour's holder
        // is reading takes that line from its core (ArrayList.clear() writes even when empty).
        if (!openStatements.isEmpty()) {
            for (int i = openStatements.size() - 1; i >= 0; i--) {
                try {
                    openStatements.get(i).close();
                } catch (SQLException e) {
                    failure = e;
                }
            }
            openStatements.clear();
        }
        if (transactionDirty) {
            if (!autoCommit) {
                raw.rollback();
            }
            transactionDirty = false;
        }
        if (dirtyBits != 0) {
            if ((dirtyBits & AUTO_COMMIT) != 0 && autoCommit != defaultAutoCommit) {
                raw.setAutoCommit(defaultAutoCommit);
                autoCommit = defaultAutoCommit;
            }
            if ((dirtyBits & READ_ONLY) != 0 && readOnly != defaultReadOnly) {
                raw.setReadOnly(defaultReadOnly);
                readOnly = defaultReadOnly;
            }
            if ((dirtyBits & ISOLATION) != 0) {
                raw.setTransactionIsolation(defaultIsolation);
            }
            if ((dirtyBits & CATALOG) != 0) {
                raw.setCatalog(defaultCatalog);
            }
            if ((dirtyBits & SCHEMA) != 0) {
                raw.setSchema(defaultSchema);
            }
            if ((dirtyBits & NETWORK_TIMEOUT) != 0) {
                raw.setNetworkTimeout(Runnable::run, defaultNetworkTimeout);
            }
            dirtyBits = 0;
        }
        if (sessionDirty) {
            sessionDirty = false;
            sessionReset.run(raw, autoCommit);
        }
        raw.clearWarnings();
        if (failure != null) {
            throw failure;
        }
    }
}
