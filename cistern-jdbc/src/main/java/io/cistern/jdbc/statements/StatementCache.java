package io.cistern.jdbc.statements;

import io.cistern.pool.config.NotAllowed;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps prepared statements open per physical connection, up to a bound per connection (least
 * recently used closed first), so that a statement is prepared once per connection rather than once
 * per use. A pool's proxy closes the statements prepared through it when the connection goes back
 * to the pool; this cache therefore prepares on the physical connection the proxy wraps (found with
 * {@link Connection#unwrap}), and its statements live as long as that connection.
 *
 * <pre>{@code
 * StatementCache statements = StatementCache.create(org.sqlite.SQLiteConnection.class, 64);
 * try (Connection c = dataSource.getConnection();
 *      CachedStatement insert = statements.prepare(c, "INSERT INTO t (a) VALUES (?)")) {
 *     insert.statement().setString(1, "x");
 *     insert.statement().executeUpdate();
 * }   // parameters cleared, the statement stays prepared for the next use on this connection
 * }</pre>
 *
 * <p>What a caller gives up: statements executed on the physical connection bypass the pool's
 * per-statement bookkeeping (its fatal-error check sees errors only of statements prepared through
 * the proxy; a caller that wants the connection evicted on a fatal error marks the lease broken
 * itself), the pool's reset rolls back only what its proxies executed (end every transaction with
 * an explicit commit or rollback), and a cached statement must be used only while its connection is
 * held. Thread-safe; a
 * connection, and so its statements, is used by one thread at a time.
 */
public final class StatementCache {
    private final Class<? extends Connection> physicalType;
    private final int perConnection;
    /**
     * By physical connection, identity. Not weak keys: a statement refers to its connection, so a
     * weak key would never be cleared. Connections closed since are dropped whenever a new one
     * appears, which is when the pool has replaced one.
     */
    private final Map<Connection, ConnectionStatements> byConnection = new IdentityHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();

    private StatementCache(Class<? extends Connection> physicalType, int perConnection) {
        this.physicalType = physicalType;
        this.perConnection = perConnection;
    }

    /**
     * @param physicalType the driver's connection class, to unwrap pooled connections to
     * @param perConnection the most statements kept open on one connection, 1 to 1024
     * @return a new cache
     */
    public static StatementCache create(Class<? extends Connection> physicalType, int perConnection) {
        Objects.requireNonNull(physicalType, "physicalType");
        if (perConnection < 1 || perConnection > 1024) {
            throw NotAllowed.setting("perConnection", perConnection, "1 to 1024");
        }
        return new StatementCache(physicalType, perConnection);
    }

    /**
     * @return a cache that keeps nothing: every {@link #prepare} prepares through the connection
     *     given and closing closes the statement. For drivers that cache statements themselves, so
     *     that callers need one code path.
     */
    public static StatementCache none() {
        return new StatementCache(null, 0);
    }

    /**
     * @param connection a connection held by the caller: a pool's proxy or the driver's own
     * @param sql the statement's SQL, the cache key (byte for byte)
     * @return the statement, prepared on the physical connection now or earlier, parameters clear;
     *     close it when done (it stays prepared). If the same SQL is still in use on this
     *     connection (a nested use), a statement of its own, closed for good when closed.
     * @throws SQLException if preparing fails, or the connection does not wrap a {@code physicalType}
     */
    public CachedStatement prepare(Connection connection, String sql) throws SQLException {
        if (physicalType == null) {
            return new CachedStatement(sql, connection.prepareStatement(sql), null);
        }
        Connection physical = connection.unwrap(physicalType);
        return statementsOf(physical).prepare(physical, sql);
    }

    private ConnectionStatements statementsOf(Connection physical) throws SQLException {
        lock.lock();
        try {
            ConnectionStatements statements = byConnection.get(physical);
            if (statements == null) {
                Iterator<Connection> known = byConnection.keySet().iterator();
                while (known.hasNext()) {
                    if (known.next().isClosed()) {
                        known.remove();
                    }
                }
                statements = new ConnectionStatements(perConnection);
                byConnection.put(physical, statements);
            }
            return statements;
        } finally {
            lock.unlock();
        }
    }

    /** @return how many physical connections have statements cached (for tests and figures) */
    public int connections() {
        lock.lock();
        try {
            return byConnection.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        if (physicalType == null) {
            return "StatementCache{none}";
        }
        return "StatementCache{" + physicalType.getSimpleName() + ", up to " + perConnection + " per connection, "
                + connections() + " connections}";
    }

    /** A statement lent by the cache; {@link #close()} gives it back. */
    public static final class CachedStatement implements AutoCloseable {
        final String sql;
        final PreparedStatement statement;
        private final ConnectionStatements owner;
        boolean inUse;

        CachedStatement(String sql, PreparedStatement statement, ConnectionStatements owner) {
            this.sql = sql;
            this.statement = statement;
            this.owner = owner;
        }

        /** @return the prepared statement; do not close it, close this */
        public PreparedStatement statement() {
            return statement;
        }

        /** Clears the parameters and gives the statement back (or closes it, if it was not cached). */
        @Override
        public void close() throws SQLException {
            if (owner == null) {
                statement.close();
                return;
            }
            if (!inUse) {
                return;
            }
            inUse = false;
            try {
                statement.clearParameters();
                statement.clearBatch();
            } catch (SQLException e) {
                owner.drop(this);
                throw e;
            }
        }
    }
}
