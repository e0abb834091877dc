package io.cistern.memory.store;

import io.cistern.jdbc.CisternConfig;
import io.cistern.jdbc.CisternDataSource;
import io.cistern.jdbc.Secrets;
import io.cistern.jdbc.SqlWork;
import io.cistern.pool.PoolStats;
import io.cistern.routing.ClusterConfig;
import io.cistern.routing.ClusterDataSource;
import io.cistern.routing.health.ClusterHealth;
import io.cistern.sqlite.SqliteConfig;
import io.cistern.sqlite.SqliteDataSource;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The store's connections: SQLite through cistern-sqlite (one IMMEDIATE writer, read-only readers),
 * PostgreSQL through a {@link CisternDataSource}, or several PostgreSQL hosts through a
 * {@link ClusterDataSource}; schema by Flyway, once.
 */
final class Database implements AutoCloseable {

    /** Flyway's history table, named so that it cannot collide with an application's own Flyway. */
    static final String HISTORY_TABLE = "memory_schema_history";

    enum Dialect { SQLITE, POSTGRESQL }

    private final Dialect dialect;
    private final DataSource writer;
    private final DataSource reader;
    private final AutoCloseable owner;
    private final Path sqliteFile;
    private final String description;
    /** SQLite only, when on: the writes that combine into one transaction on the single writer. */
    private final GroupCommit groupCommit;

    private Database(Dialect dialect, DataSource writer, DataSource reader, AutoCloseable owner, Path sqliteFile,
                     String description, GroupCommit groupCommit) {
        this.groupCommit = groupCommit;
        this.dialect = dialect;
        this.writer = writer;
        this.reader = reader;
        this.owner = owner;
        this.sqliteFile = sqliteFile;
        this.description = description;
    }

    static Database open(MemoryStoreConfig config) {
        return config.isSqlite() ? openSqlite(config) : openPostgres(config);
    }

    private static Database openSqlite(MemoryStoreConfig config) {
        Path file = config.sqliteFile().toAbsolutePath().normalize();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new MemoryStoreException("cannot create the data directory " + file.getParent() + ": " + e, e);
        }
        refuseForeign(file);
        SqliteConfig sqlite = SqliteConfig.builder(file)
                .readers(config.poolSize())
                .migration(writer -> migrateSqlite(file, writer))
                .build();
        try {
            SqliteDataSource ds = SqliteDataSource.open(sqlite);
            GroupCommit group = config.groupCommitMaxBatch() > 1
                    ? new GroupCommit(ds, config.groupCommitMaxBatch(), config.groupCommitMaxWait().toNanos()) : null;
            return new Database(Dialect.SQLITE, ds, ds.readOnlyView(), ds, file, "SQLite " + file, group);
        } catch (SQLException e) {
            throw new MemoryStoreException("cannot open the SQLite store " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses an existing SQLite database that holds tables but is not a memory store, before
     * anything opens it for writing: the pools would switch it to WAL and the migration would
     * leave its lock file, changing a file that is not ours even though Flyway then refuses it.
     * Looked at through one read-only connection, which changes nothing on disk.
     */
    private static void refuseForeign(Path file) {
        try {
            if (!Files.exists(file) || Files.size(file) == 0) {
                return;
            }
        } catch (IOException e) {
            throw new MemoryStoreException("cannot read the SQLite store " + file + ": " + e, e);
        }
        List<String> tables = new ArrayList<>();
        Properties readOnly = new SQLiteConfig().toProperties();
        readOnly.setProperty(SQLiteConfig.Pragma.OPEN_MODE.pragmaName, String.valueOf(SQLiteOpenMode.READONLY.flag));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, readOnly);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        } catch (SQLException e) {
            return; // not readable as a database: cistern-sqlite's open reports it (corrupt, locked...) without changing it
        }
        if (!tables.isEmpty() && !tables.contains(HISTORY_TABLE)) {
            throw new MemoryStoreException("SQLite " + file + " is not a memory store: it holds tables " + tables
                    + " but no " + HISTORY_TABLE + "; nothing was changed. Allowed: a new or empty file, or an existing memory store");
        }
    }

    /**
     * cistern-sqlite runs this once per path within a process; the file lock extends that to other
     * processes opening the same fresh file, which wait here and then find nothing left to migrate.
     */
    private static void migrateSqlite(Path file, DataSource writer) throws IOException {
        Path lockFile = file.resolveSibling(file.getFileName() + ".migration-lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.lock()) {
            flyway(writer, "sqlite").migrate();
        }
    }

    private static Flyway flyway(DataSource ds, String dialect) {
        return Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/memory/" + dialect)
                .table(HISTORY_TABLE)
                .baselineOnMigrate(false)
                .load();
    }

    /** @return whether the URL names more than one host: {@code jdbc:postgresql://h1,h2/db} */
    static boolean isMultiHost(String url) {
        String rest = url.substring("jdbc:postgresql://".length());
        int slash = rest.indexOf('/');
        return (slash < 0 ? rest : rest.substring(0, slash)).contains(",");
    }

    /**
     * One host: a {@link CisternDataSource}. Several hosts: a {@link ClusterDataSource} (a pool,
     * breaker and role check per host, writes to the current primary, failover). On a cluster reads
     * go to the primary too: a replica may lag behind what this store has just written and
     * invalidated in its cache, and a lagging read would then be cached as current.
     */
    private static Database openPostgres(MemoryStoreConfig config) {
        String url = config.jdbcUrl();
        String shown = Secrets.maskUrl(url);
        boolean cluster = isMultiHost(url);
        DataSource ds;
        AutoCloseable owner;
        try {
            if (cluster) {
                ClusterConfig.Builder b = ClusterConfig.builder().name("cistern-memory").jdbcUrl(url)
                        .pool(p -> poolSettings(p, config));
                withCredentials(config, b::username, b::password);
                ClusterDataSource c = new ClusterDataSource(b.build());
                ds = c;
                owner = c;
            } else {
                CisternConfig.Builder b = CisternConfig.builder().jdbcUrl(url).poolName("cistern-memory");
                poolSettings(b, config);
                withCredentials(config, b::username, b::password);
                CisternDataSource c = new CisternDataSource(b.build());
                ds = c;
                owner = c;
            }
        } catch (RuntimeException e) {
            throw new MemoryStoreException("cannot connect to " + shown + ": " + e.getMessage(), e);
        }
        try {
            // Flyway locks its history table on PostgreSQL: concurrent starts migrate once, the others wait.
            flyway(ds, "postgresql").migrate();
        } catch (RuntimeException e) {
            try {
                owner.close();
            } catch (Exception closing) {
                e.addSuppressed(closing);
            }
            throw new MemoryStoreException("migrating " + shown + " failed: " + e.getMessage(), e);
        }
        return new Database(Dialect.POSTGRESQL, ds, ds, owner, null, (cluster ? "PostgreSQL cluster " : "PostgreSQL ") + shown,
                null);
    }

    private static void poolSettings(CisternConfig.Builder pool, MemoryStoreConfig config) {
        pool.maximumPoolSize(config.poolSize())
                // Batches of inserts become multi-row statements: one round trip per batch.
                .addDataSourceProperty("reWriteBatchedInserts", "true");
    }

    private static void withCredentials(MemoryStoreConfig config, Consumer<String> user, Consumer<String> password) {
        if (config.username() != null) {
            user.accept(config.username());
        }
        if (config.password() != null) {
            password.accept(config.password());
        }
    }

    /** @return batches and writes group-committed so far; zeros without group commit */
    long[] groupCommitCounts() {
        return groupCommit == null ? new long[2] : groupCommit.counts();
    }

    Dialect dialect() {
        return dialect;
    }

    Path sqliteFile() {
        return sqliteFile;
    }

    String description() {
        return description;
    }

    /**
     * Runs {@code work} in a write transaction, committed if it returns, rolled back if it throws; on
     * SQLite with group commit, in a savepoint of a transaction shared with concurrent writes, and
     * returns after that transaction committed.
     */
    <T> T write(SqlWork<T> work) throws SQLException {
        if (groupCommit != null) {
            return groupCommit.write(work);
        }
        try (Connection c = writer.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        }
    }

    /** Runs {@code work} in one read-only transaction, so that its queries see one snapshot. */
    <T> T read(SqlWork<T> work) throws SQLException {
        try (Connection c = reader.getConnection()) {
            if (dialect == Dialect.POSTGRESQL) {
                if (!(owner instanceof ClusterDataSource)) {
                    // on a cluster, read-only would route to a replica (see openCluster)
                    c.setReadOnly(true);
                }
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            c.setAutoCommit(false);
            try {
                return work.run(c);
            } finally {
                c.rollback();
            }
        }
    }

    Map<String, PoolStats> poolStats() {
        Map<String, PoolStats> stats = new LinkedHashMap<>();
        if (owner instanceof SqliteDataSource sqlite) {
            stats.put("writer", sqlite.writerStats());
            stats.put("readers", sqlite.readerStats());
        } else if (owner instanceof CisternDataSource pg) {
            stats.put("pool", pg.poolStats());
        }
        return stats;
    }

    Optional<ClusterHealth> clusterHealth() {
        return owner instanceof ClusterDataSource cluster ? Optional.of(cluster.health()) : Optional.empty();
    }

    long sqliteBytes() {
        long total = 0;
        for (String suffix : new String[] {"", "-wal"}) {
            Path p = sqliteFile.resolveSibling(sqliteFile.getFileName() + suffix);
            try {
                total += Files.exists(p) ? Files.size(p) : 0;
            } catch (IOException e) {
                // the WAL can be checkpointed away between exists and size; it then counts as empty
            }
        }
        return total;
    }

    @Override
    public void close() {
        try {
            owner.close();
        } catch (Exception e) {
            throw new MemoryStoreException("closing " + description + " failed", e);
        }
    }
}
