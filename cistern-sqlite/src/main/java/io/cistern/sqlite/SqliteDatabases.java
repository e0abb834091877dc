package io.cistern.sqlite;

import io.cistern.jdbc.breaker.CircuitBreaker;
import io.cistern.pool.config.NotAllowed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process-wide registry of embedded SQLite databases: one set of pools per database file,
 * keyed by the file's canonical path, so two data sources on the same file (through a symbolic
 * link, a relative path or {@code ..}) share one writer and cannot contend for SQLite's lock.
 *
 * <p>Per path, under one lock: the database is opened and its {@link SqliteMigration} run
 * exactly once, however many threads open it at once; consecutive failures open a circuit
 * breaker that refuses further opens for a cooldown ({@link CircuitOpenException}); an I/O error
 * at open removes a stale {@code -shm} (never the {@code -wal}) and retries once; a corrupt file
 * fails with {@link CorruptDatabaseException} unless quarantine was configured.
 *
 * <p>Data sources are reference-counted: closing the last one of a path closes its pools (and
 * ends an in-memory database).
 */
public final class SqliteDatabases {
    private static final Logger log = LoggerFactory.getLogger(SqliteDatabases.class);
    private static final ConcurrentHashMap<String, PathEntry> ENTRIES = new ConcurrentHashMap<>();
    private static final AtomicLong PRIVATE_MEMORY = new AtomicLong();

    private SqliteDatabases() {
    }

    /** The state of one path; every field is guarded by {@link #lock}. */
    static final class PathEntry {
        final String key;
        final ReentrantLock lock = new ReentrantLock();
        /** Opens that failed in a row; the breaker opens when this reaches the settings' threshold. */
        int failedOpens;
        Throwable lastFailure;
        /** {@code null} while closed; open or half-open after {@code failedOpens} reached the threshold. */
        CircuitBreaker breaker;
        SharedDatabase db;
        int refs;

        PathEntry(String key) {
            this.key = key;
        }
    }

    /**
     * Opens a data source on the configured database, opening the database's pools and running
     * its migration if this is the first open of the path in the process.
     *
     * @param config the settings; a path already open must be opened with the same pragmas and sizes
     * @return a data source; close it when done (the pools close with the last one of the path)
     * @throws CircuitOpenException while the path's circuit breaker is open
     * @throws CorruptDatabaseException if the file is corrupt and quarantine is not configured
     * @throws SQLException if the database cannot be opened or its migration fails
     * @throws IllegalArgumentException if the path is open with different settings
     */
    public static SqliteDataSource open(SqliteConfig config) throws SQLException {
        if (config == null) {
            throw NotAllowed.setting("config", null, "a SqliteConfig");
        }
        Path file;
        try {
            file = config.inMemory() ? null : canonical(config.file(), true);
        } catch (UncheckedIOException e) {
            throw new SQLException(e.getMessage(), "08001", e.getCause());
        }
        String key = file != null ? file.toString()
                : SqliteConfig.MEMORY.equals(config.memoryName()) ? ":memory:#" + PRIVATE_MEMORY.incrementAndGet()
                : "memory:" + config.memoryName();
        while (true) {
            PathEntry entry = ENTRIES.computeIfAbsent(key, PathEntry::new);
            entry.lock.lock();
            try {
                if (ENTRIES.get(key) != entry) {
                    continue; // removed while we waited for its lock
                }
                return openLocked(entry, config, file);
            } finally {
                entry.lock.unlock();
            }
        }
    }

    private static SqliteDataSource openLocked(PathEntry entry, SqliteConfig config, Path file) throws SQLException {
        SharedDatabase db = entry.db;
        boolean fresh = db == null;
        if (fresh) {
            // Only fresh opens ask: an open database keeps serving new data sources while open.
            // Past the wait this lets one open through as the half-open probe.
            if (entry.breaker != null && !entry.breaker.tryAcquirePermission()) {
                Duration refusal = entry.breaker.remainingOpenWait();
                Throwable last = entry.lastFailure;
                throw new CircuitOpenException("SQLite " + SharedDatabase.describe(config, file) + ": circuit breaker open after "
                        + entry.failedOpens + " consecutive failed opens; not retrying for another "
                        + refusal.toMillis() + " ms (SqliteDatabases.invalidate resets it). Last failure: " + last, last);
            }
            try {
                db = openWithRecovery(entry.key, config, file);
            } catch (SQLException | RuntimeException e) {
                recordFailure(entry, config, file, e);
                throw e;
            }
        } else {
            String conflict = db.config.conflictWith(config);
            if (conflict != null) {
                throw new IllegalArgumentException("SQLite " + SharedDatabase.describe(config, file)
                        + " is already open with other settings (" + conflict + "); allowed: the same settings as the open database");
            }
        }
        SqliteMigration migration = config.migration();
        if (migration != null && !db.migrated.contains(migration)) {
            try {
                migration.migrate(db.routing);
            } catch (Exception e) {
                if (fresh) {
                    db.close();
                }
                SQLException failure = new SQLException("SQLite " + SharedDatabase.describe(config, file)
                        + ": migration failed: " + e, e instanceof SQLException ? ((SQLException) e).getSQLState() : null, e);
                recordFailure(entry, config, file, failure);
                throw failure;
            }
            db.migrated.add(migration);
        }
        reset(entry);
        entry.db = db;
        entry.refs++;
        return new SqliteDataSource(db, entry);
    }

    /**
     * Counts a failed open. At the threshold of this open's settings the breaker opens from now for
     * this open's cooldown, also when it was open already (a failure on an open database restarts
     * the wait); below it a half-open probe gives its slot back, so the next open is tried.
     */
    private static void recordFailure(PathEntry entry, SqliteConfig config, Path file, Throwable failure) {
        entry.failedOpens++;
        entry.lastFailure = failure;
        if (entry.failedOpens >= config.breakerFailures()) {
            entry.breaker = new CircuitBreaker(entry.key, config.breakerConfig(), null, config.ticker());
            entry.breaker.forceOpen(failure);
            log.error("SQLite {}: circuit breaker open after {} consecutive failed opens; refusing opens for {} ms",
                    SharedDatabase.describe(config, file), entry.failedOpens, config.breakerCooldown().toMillis());
        } else if (entry.breaker != null) {
            entry.breaker.releasePermission();
        }
    }

    /** A successful open, {@link #invalidate} and {@link #drop} close the breaker and forget the run. */
    private static void reset(PathEntry entry) {
        entry.failedOpens = 0;
        entry.lastFailure = null;
        entry.breaker = null;
    }

    private static SharedDatabase openWithRecovery(String key, SqliteConfig config, Path file) throws SQLException {
        SQLException unwritable = file != null ? SqliteFiles.unwritable(file) : null;
        if (unwritable != null) {
            throw unwritable;
        }
        try {
            return SharedDatabase.open(key, config, file);
        } catch (SQLException first) {
            if (file == null) {
                throw first;
            }
            if (SqliteFiles.isCorrupt(first)) {
                if (!config.quarantineCorrupt()) {
                    throw new CorruptDatabaseException("SQLite " + file + " is corrupt or not a database (" + first.getMessage()
                            + "). Nothing was changed on disk: restore it from a backup, or set quarantineCorrupt(true) to move it"
                            + " aside and start with an empty database", first);
                }
                try {
                    SqliteFiles.quarantine(file);
                } catch (IOException e) {
                    first.addSuppressed(e);
                    throw first;
                }
                return retry(key, config, file, first);
            }
            if (SqliteFiles.isSideFileFailure(first, file) && SqliteFiles.removeStaleShm(file)) {
                return retry(key, config, file, first);
            }
            throw naming(file, first);
        }
    }

    /** sqlite-jdbc's errors at open ({@code [SQLITE_CANTOPEN] ...}) do not say which file; ours do. */
    private static SQLException naming(Path file, SQLException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains(file.toString())) {
            return e;
        }
        return new SQLException("SQLite " + file + ": " + message, e.getSQLState(), e.getErrorCode(), e);
    }

    private static SharedDatabase retry(String key, SqliteConfig config, Path file, SQLException first) throws SQLException {
        try {
            return SharedDatabase.open(key, config, file);
        } catch (SQLException second) {
            second.addSuppressed(first);
            throw second;
        }
    }

    /** Called by {@link SqliteDataSource#close()} once per data source. */
    static void release(PathEntry entry, SharedDatabase db) {
        entry.lock.lock();
        try {
            if (entry.db != db) {
                return; // dropped meanwhile
            }
            if (--entry.refs == 0) {
                entry.db = null;
                db.close();
                removeIfUnused(entry);
            }
        } finally {
            entry.lock.unlock();
        }
    }

    private static void removeIfUnused(PathEntry entry) {
        if (entry.db == null && entry.failedOpens == 0) {
            ENTRIES.remove(entry.key, entry);
        }
    }

    /**
     * Resets the path's circuit breaker and retires its pooled connections, so the next use opens
     * fresh ones (idle connections now, lent ones when returned). Data sources stay usable.
     *
     * @param file the database file, by any path that resolves to it
     * @return whether the path was known (open, or with a failure on record)
     */
    public static boolean invalidate(Path file) {
        PathEntry entry = entryFor(file);
        if (entry == null) {
            return false;
        }
        entry.lock.lock();
        try {
            reset(entry);
            if (entry.db != null) {
                entry.db.retireConnections();
            }
            log.info("SQLite {}: invalidated", entry.key);
            return true;
        } finally {
            entry.lock.unlock();
        }
    }

    /**
     * Closes the path's pools now and forgets it: its data sources fail from then on, and the next
     * {@link #open(SqliteConfig)} opens the database afresh and runs its migration again. Use it
     * before moving or deleting the file.
     *
     * @param file the database file, by any path that resolves to it
     * @return whether the path was known
     */
    public static boolean drop(Path file) {
        PathEntry entry = entryFor(file);
        if (entry == null) {
            return false;
        }
        entry.lock.lock();
        try {
            SharedDatabase db = entry.db;
            entry.db = null;
            entry.refs = 0;
            reset(entry);
            if (db != null) {
                db.close();
            }
            ENTRIES.remove(entry.key, entry);
            log.info("SQLite {}: dropped", entry.key);
            return true;
        } finally {
            entry.lock.unlock();
        }
    }

    /**
     * @param file the database file
     * @return whether the path's pools are open in this process
     */
    public static boolean isOpen(Path file) {
        PathEntry entry = entryFor(file);
        if (entry == null) {
            return false;
        }
        entry.lock.lock();
        try {
            return entry.db != null;
        } finally {
            entry.lock.unlock();
        }
    }

    private static PathEntry entryFor(Path file) {
        if (file == null) {
            throw NotAllowed.setting("file", null, "a path to a database file");
        }
        return ENTRIES.get(canonical(file, false).toString());
    }

    /**
     * The registry key of a file: its real path (symbolic links and {@code ..} resolved) if it
     * exists, else its real directory and name.
     */
    static Path canonical(Path file, boolean createDirectories) {
        Path absolute = file.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        try {
            if (createDirectories) {
                Files.createDirectories(parent);
            }
            if (Files.exists(absolute)) {
                return absolute.toRealPath();
            }
            return Files.isDirectory(parent) ? parent.toRealPath().resolve(absolute.getFileName()) : absolute;
        } catch (IOException e) {
            throw new UncheckedIOException("SQLite " + file + ": cannot resolve or create its directory: " + e.getMessage(), e);
        }
    }
}
