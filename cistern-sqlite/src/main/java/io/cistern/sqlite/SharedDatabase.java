package io.cistern.sqlite;

import io.cistern.jdbc.CisternConfig;
import io.cistern.jdbc.CisternDataSource;
import io.cistern.jdbc.firststatement.RoutingDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The pools of one database: a writer pool of exactly one connection whose transactions begin
 * IMMEDIATE, and under WAL a pool of read-only reader connections; combined by a
 * {@link RoutingDataSource}. Shared by every {@link SqliteDataSource} of the path.
 */
final class SharedDatabase implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SharedDatabase.class);
    private static final AtomicInteger POOL_IDS = new AtomicInteger();
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    final String key;
    final SqliteConfig config;
    final Path file;
    final CisternDataSource writer;
    final CisternDataSource readers;
    /** For migrations: routes as every data source of this database does. */
    final RoutingDataSource routing;
    /** Migrations already run on this database; guarded by the path's lock. */
    final Set<SqliteMigration> migrated = Collections.newSetFromMap(new IdentityHashMap<>());
    private volatile boolean closed;

    private SharedDatabase(String key, SqliteConfig config, Path file, CisternDataSource writer, CisternDataSource readers) {
        this.key = key;
        this.config = config;
        this.file = file;
        this.writer = writer;
        this.readers = readers;
        this.routing = new RoutingDataSource(this::route);
    }

    /** The routing policy: read-only to a reader, everything else to the writer; one connection without readers. */
    Connection route(boolean readOnly) throws SQLException {
        if (readers == null) {
            return QueryOnlyConnection.wrap(writer.getConnection());
        }
        return (readOnly ? readers : writer).getConnection();
    }

    /**
     * Opens the pools, once, without any recovery: {@link SqliteDatabases} decides what to do
     * when it fails.
     */
    static SharedDatabase open(String key, SqliteConfig config, Path file) throws SQLException {
        String name = poolName(config, file);
        CisternDataSource writer = startPool(writerConfig(config, file, name));
        try {
            String actualMode = probe(writer);
            boolean split = config.splitReaders();
            if (split && !"wal".equals(actualMode)) {
                log.warn("SQLite {}: asked for journal_mode=WAL but the database is in {} mode (another process may hold it);"
                        + " one connection serves reads and writes", describe(config, file), actualMode);
                split = false;
            } else if (!split && file != null) {
                log.info("SQLite {}: journal_mode={} lets readers block the writer; one connection serves reads and writes",
                        describe(config, file), actualMode);
            } else if (file == null) {
                log.info("SQLite {}: in-memory database; one connection serves reads and writes and holds the data",
                        describe(config, file));
            }
            CisternDataSource readers = split ? startPool(readerConfig(config, file, name)) : null;
            log.info("SQLite {} open: writer pool '{}' (1 connection, IMMEDIATE transactions){}",
                    describe(config, file), writer.getPoolName(),
                    readers != null ? ", reader pool '" + readers.getPoolName() + "' (" + config.readers() + " read-only connections)" : "");
            return new SharedDatabase(key, config, file, writer, readers);
        } catch (SQLException | RuntimeException e) {
            writer.close(Duration.ZERO);
            throw e;
        }
    }

    private static CisternDataSource startPool(CisternConfig config) throws SQLException {
        try {
            return new CisternDataSource(config);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException) {
                throw (SQLException) e.getCause();
            }
            throw e;
        }
    }

    /**
     * Reads the schema and takes the write lock once, so that a corrupt file or side files SQLite
     * cannot use fail here rather than at the first user query; returns the journal mode.
     */
    private static String probe(CisternDataSource writer) throws SQLException {
        try (Connection c = writer.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM sqlite_master")) {
                rs.next();
            }
            try {
                s.execute("BEGIN IMMEDIATE");
                s.execute("ROLLBACK");
            } catch (SQLException e) {
                if (SqliteFiles.primaryCode(e) != SqliteFiles.SQLITE_BUSY) {
                    throw e;
                }
                log.debug("SQLite open: the database is being written by another connection; write probe skipped");
            }
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                return rs.getString(1).toLowerCase(Locale.ROOT);
            }
        }
    }

    private static String poolName(SqliteConfig config, Path file) {
        // Numbered: files of the same name in different directories get different pool names.
        String base = file != null ? file.getFileName().toString() : "memory";
        return "sqlite-" + base.replaceAll("[,=:\"*?\\s]", "_") + "-" + POOL_IDS.incrementAndGet();
    }

    static String describe(SqliteConfig config, Path file) {
        return file != null ? file.toString() : "in-memory '" + config.memoryName() + "'";
    }

    private static String url(SqliteConfig config, Path file) {
        if (file != null) {
            return "jdbc:sqlite:" + file;
        }
        return SqliteConfig.MEMORY.equals(config.memoryName()) ? "jdbc:sqlite::memory:"
                : "jdbc:sqlite:file:" + config.memoryName() + "?mode=memory&cache=shared";
    }

    static CisternConfig writerConfig(SqliteConfig config, Path file, String name) {
        SQLiteConfig driver = new SQLiteConfig();
        if (file != null) {
            driver.setJournalMode(SQLiteConfig.JournalMode.valueOf(config.journalMode().name()));
        }
        driver.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(config.synchronous().name()));
        driver.setBusyTimeout(Math.toIntExact(config.busyTimeout().toMillis()));
        driver.enforceForeignKeys(config.foreignKeys());
        driver.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        mmap(driver, config, file);
        CisternConfig.Builder b = pool(url(config, file), name + "-writer", 1, config, driver.toProperties());
        if (config.splitReaders()) {
            // Not a driver property in sqlite-jdbc; a single statement, so connectionInitSql runs all of it.
            b.connectionInitSql("PRAGMA wal_autocheckpoint = " + config.walAutocheckpoint());
        }
        return b.build();
    }

    static CisternConfig readerConfig(SqliteConfig config, Path file, String name) {
        SQLiteConfig driver = new SQLiteConfig();
        driver.setReadOnly(true);
        driver.setBusyTimeout(Math.toIntExact(config.busyTimeout().toMillis()));
        driver.enforceForeignKeys(config.foreignKeys());
        mmap(driver, config, file);
        return pool(url(config, file), name + "-reader", config.readers(), config, driver.toProperties())
                .readOnly(true)
                .build();
    }

    /** A file's connections read it through a memory map; an in-memory database has no file to map. */
    private static void mmap(SQLiteConfig driver, SqliteConfig config, Path file) {
        if (file != null) {
            driver.setPragma(SQLiteConfig.Pragma.MMAP_SIZE, Long.toString(config.mmapSize()));
        }
    }

    private static CisternConfig.Builder pool(String url, String name, int size, SqliteConfig config, Properties driver) {
        CisternConfig.Builder b = CisternConfig.builder()
                .jdbcUrl(url)
                .discipline(CisternConfig.PLAIN) // these pools are the discipline
                .poolName(name)
                .maximumPoolSize(size)
                .minimumIdle(size)
                .connectionTimeout(config.connectionTimeout().toMillis())
                // SQLite connections do not go stale, and recycling an in-memory one would empty the database.
                .maxLifetime(0)
                .idleTimeout(0)
                .keepaliveTime(0)
                .metricRegistry(config.metricRegistry());
        for (Map.Entry<Object, Object> e : driver.entrySet()) {
            b.addDataSourceProperty(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
        }
        return b;
    }

    boolean isClosed() {
        return closed;
    }

    /** Retires every connection: idle ones now, lent ones when returned. Not for in-memory databases. */
    void retireConnections() {
        if (file == null) {
            return;
        }
        writer.softEvictConnections();
        if (readers != null) {
            readers.softEvictConnections();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (readers != null) {
            readers.close(CLOSE_GRACE);
        }
        writer.close(CLOSE_GRACE);
        log.info("SQLite {} closed", describe(config, file));
    }
}
