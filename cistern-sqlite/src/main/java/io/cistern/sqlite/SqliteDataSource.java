package io.cistern.sqlite;

import io.cistern.jdbc.AbstractDataSource;
import io.cistern.jdbc.firststatement.RoutingDataSource;
import io.cistern.pool.PoolStats;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;

/**
 * A {@link DataSource} on an embedded SQLite database with the SQLite discipline: under WAL one
 * writer connection, whose transactions begin IMMEDIATE, and N read-only reader connections.
 * A connection set read-only before its first statement, or taken from {@link #readOnlyView()},
 * is served by a reader; every other connection by the writer, for which writers queue fairly in
 * the pool instead of meeting SQLITE_BUSY. With a rollback journal or an in-memory database one
 * connection serves everything, and read-only connections get {@code PRAGMA query_only}.
 *
 * <pre>{@code
 * try (SqliteDataSource db = SqliteDatabases.open(SqliteConfig.builder(Path.of("memory.db")).build())) {
 *     try (Connection c = db.getConnection()) { ... }                 // the writer
 *     try (Connection c = db.readOnlyView().getConnection()) { ... }  // a reader
 * }
 * }</pre>
 *
 * <p>Made by {@link SqliteDatabases#open(SqliteConfig)}; every data source on the same file shares
 * the same pools. Thread-safe.
 */
public final class SqliteDataSource extends AbstractDataSource implements AutoCloseable {
    private final SharedDatabase db;
    private final SqliteDatabases.PathEntry entry;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final RoutingDataSource routing;

    SqliteDataSource(SharedDatabase db, SqliteDatabases.PathEntry entry) {
        this.db = db;
        this.entry = entry;
        this.routing = new RoutingDataSource(readOnly -> {
            checkOpen();
            return db.route(readOnly);
        });
    }

    /**
     * @param config the settings
     * @return {@link SqliteDatabases#open(SqliteConfig)}
     * @throws SQLException as there
     */
    public static SqliteDataSource open(SqliteConfig config) throws SQLException {
        return SqliteDatabases.open(config);
    }

    /**
     * @return a connection that goes to the writer, unless {@code setReadOnly(true)} is called
     *     before its first statement; getting it does no database work
     * @throws SQLException if this data source is closed or its database was dropped
     */
    @Override
    public Connection getConnection() throws SQLException {
        checkOpen();
        return routing.getConnection();
    }

    /**
     * Not supported: SQLite has no credentials.
     *
     * @throws SQLFeatureNotSupportedException always
     */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("SQLite has no credentials; call getConnection()");
    }

    /**
     * @return a data source whose connections go to a reader (to the single connection, query-only,
     *     without WAL); after {@link #close()} its connections fail at their first statement
     */
    public DataSource readOnlyView() {
        return routing.readOnlyView();
    }

    /** @return the canonical database file, or {@code null} for an in-memory database */
    public Path file() {
        return db.file;
    }

    /** @return the settings of the open database (those of its first open) */
    public SqliteConfig config() {
        return db.config;
    }

    /** @return whether one connection serves reads and writes (rollback journal, in-memory) */
    public boolean isSingleConnection() {
        return db.readers == null;
    }

    /** @return the writer pool's state */
    public PoolStats writerStats() {
        return db.writer.poolStats();
    }

    /** @return the reader pool's state, or {@code null} with a single connection */
    public PoolStats readerStats() {
        return db.readers != null ? db.readers.poolStats() : null;
    }

    /**
     * @return whether the file's circuit breaker refuses opens now (after repeated failed opens);
     *     the pools already open keep serving
     */
    public boolean isBreakerOpen() {
        entry.lock.lock();
        try {
            return entry.breaker != null && !entry.breaker.remainingOpenWait().isZero();
        } finally {
            entry.lock.unlock();
        }
    }

    /** @return consecutive failed opens of the file counted by its circuit breaker (0 after a success) */
    public int consecutiveOpenFailures() {
        entry.lock.lock();
        try {
            return entry.failedOpens;
        } finally {
            entry.lock.unlock();
        }
    }

    SharedDatabase database() {
        return db;
    }

    /** Releases this data source; the pools close with the last data source of the database. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            SqliteDatabases.release(entry, db);
        }
    }

    private void checkOpen() throws SQLException {
        if (closed.get()) {
            throw new SQLException("SQLite data source for " + SharedDatabase.describe(db.config, db.file) + " has been closed", "08003");
        }
        if (db.isClosed()) {
            throw new SQLException("SQLite " + SharedDatabase.describe(db.config, db.file)
                    + " was dropped; open it again with SqliteDatabases.open", "08003");
        }
    }








    @Override
    public String toString() {
        return "SqliteDataSource{" + SharedDatabase.describe(db.config, db.file)
                + (isSingleConnection() ? ", single connection" : ", 1 writer + " + db.config.readers() + " readers")
                + (closed.get() ? ", closed" : "") + '}';
    }
}
