package io.cistern.sqlite;

import io.cistern.jdbc.breaker.CircuitBreakerConfig;
import io.cistern.pool.config.NotAllowed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Immutable settings of an embedded SQLite database opened through {@link SqliteDatabases}.
 * Every value is checked by {@link Builder#build()}; a bad one fails there, naming the setting,
 * the value and what is allowed.
 *
 * <pre>{@code
 * SqliteConfig config = SqliteConfig.builder(Path.of("memory.db"))
 *         .readers(4)
 *         .migration(ds -> Flyway.configure().dataSource(ds).load().migrate())
 *         .build();
 * try (SqliteDataSource db = SqliteDatabases.open(config)) { ... }
 * }</pre>
 */
public final class SqliteConfig {

    /** SQLite journal modes Cistern accepts; MEMORY and OFF are refused because a crash can corrupt the file. */
    public enum JournalMode {
        /** Write-ahead log: one writer and many concurrent readers. The default. */
        WAL,
        /** Rollback journal, deleted at commit: readers block the writer, so one connection serves all. */
        DELETE,
        /** Rollback journal, truncated at commit: one connection serves all. */
        TRUNCATE,
        /** Rollback journal, header zeroed at commit: one connection serves all. */
        PERSIST
    }

    /** SQLite's {@code synchronous} levels. */
    public enum Synchronous {
        /** No fsync: a power loss may corrupt the database. */
        OFF,
        /** fsync at checkpoints; under WAL durable across process crashes, may lose the last commits on power loss. */
        NORMAL,
        /** fsync at every commit. */
        FULL,
        /** FULL plus an fsync of the directory after a rollback journal is deleted. */
        EXTRA
    }

    static final String MEMORY = ":memory:";
    /** SQLite's own ceiling on Linux builds (SQLITE_MAX_MMAP_SIZE): a larger {@code mmap_size} is cut to it. */
    static final long MAX_MMAP_SIZE = 0x7fff0000L;
    static final long DEFAULT_MMAP_SIZE = 256L * 1024 * 1024;

    private final Path file;
    private final String memoryName;
    private final JournalMode journalMode;
    private final Synchronous synchronous;
    private final Duration busyTimeout;
    private final boolean foreignKeys;
    private final int walAutocheckpoint;
    private final long mmapSize;
    private final int readers;
    private final Duration connectionTimeout;
    private final SqliteMigration migration;
    private final int breakerFailures;
    private final Duration breakerCooldown;
    private final CircuitBreakerConfig breakerConfig;
    private final boolean quarantineCorrupt;
    private final LongSupplier ticker;
    private final Object metricRegistry;

    private SqliteConfig(Builder b) {
        this.file = b.file;
        this.memoryName = b.memoryName;
        this.journalMode = b.journalMode;
        this.synchronous = b.synchronous != null ? b.synchronous
                : journalMode == JournalMode.WAL ? Synchronous.NORMAL : Synchronous.FULL;
        this.busyTimeout = b.busyTimeout;
        this.foreignKeys = b.foreignKeys;
        this.walAutocheckpoint = b.walAutocheckpoint;
        this.mmapSize = b.mmapSize;
        this.readers = b.readers;
        this.connectionTimeout = b.connectionTimeout;
        this.migration = b.migration;
        this.breakerFailures = b.breakerFailures;
        this.breakerCooldown = b.breakerCooldown;
        // The path's breaker is opened by SqliteDatabases itself once breakerFailures opens in a row
        // failed (it counts the run across the open state, as the message reports it), so the
        // breaker's own threshold is 1; opens of a path run one at a time under its lock, so one
        // probe. Built here so that a cooldown the breaker cannot wait fails at build().
        this.breakerConfig = CircuitBreakerConfig.builder()
                .failureThreshold(1).waitInOpenState(b.breakerCooldown).permittedProbes(1).build();
        this.quarantineCorrupt = b.quarantineCorrupt;
        this.ticker = b.ticker;
        this.metricRegistry = b.metricRegistry;
    }

    /**
     * @param file the database file; its directory is created on open if missing
     * @return a builder with the defaults: WAL, 4 readers, busy timeout 5 s, foreign keys on,
     *     synchronous NORMAL (FULL for a rollback journal), WAL autocheckpoint 1000 pages,
     *     memory-mapped reads up to 256 MiB
     */
    public static Builder builder(Path file) {
        if (file == null) {
            throw NotAllowed.setting("file", null, "a path to a database file");
        }
        if (file.getFileName() == null) {
            throw NotAllowed.setting("file", file, "a path naming a file");
        }
        return new Builder(file, null);
    }

    /**
     * Accepts {@code jdbc:sqlite:<file>}, {@code jdbc:sqlite:file:<file>}, {@code jdbc:sqlite::memory:}
     * (a private in-memory database) and {@code jdbc:sqlite:file:<name>?mode=memory} (an in-memory
     * database shared by name within the process). Pragmas go through the builder, not the URL.
     *
     * @param jdbcUrl a {@code jdbc:sqlite:} URL
     * @return a builder with the defaults of {@link #builder(Path)}
     * @throws IllegalArgumentException for another kind of URL, or a file URL with query parameters
     */
    public static Builder builder(String jdbcUrl) {
        String prefix = "jdbc:sqlite:";
        if (jdbcUrl == null || !jdbcUrl.startsWith(prefix)) {
            throw NotAllowed.setting("jdbcUrl", jdbcUrl, "a URL starting with " + prefix);
        }
        String rest = jdbcUrl.substring(prefix.length());
        if (rest.isEmpty() || rest.equals(MEMORY)) {
            return new Builder(null, MEMORY);
        }
        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        }
        if (query.toLowerCase(Locale.ROOT).matches("(.*&)?mode=memory(&.*)?")) {
            if (rest.isEmpty() || rest.equals(MEMORY)) {
                return new Builder(null, MEMORY);
            }
            return new Builder(null, rest);
        }
        if (!query.isEmpty()) {
            throw new IllegalArgumentException("jdbcUrl = " + jdbcUrl + " is not allowed: query parameters ('" + query
                    + "') would override Cistern's pragmas; allowed: jdbc:sqlite:<file>, with pragmas set on SqliteConfig.Builder");
        }
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("jdbcUrl = " + jdbcUrl + " names no file; allowed: jdbc:sqlite:<file> or jdbc:sqlite::memory:");
        }
        return builder(Path.of(rest));
    }

    /** @return the database file, or {@code null} for an in-memory database */
    public Path file() { return file; }
    /** @return whether the database lives in memory (one connection, gone when the last data source closes) */
    public boolean inMemory() { return file == null; }
    /** @return the in-memory database's name ({@code :memory:} for a private one), or {@code null} for a file */
    public String memoryName() { return memoryName; }
    /** @return the journal mode */
    public JournalMode journalMode() { return journalMode; }
    /** @return the synchronous level */
    public Synchronous synchronous() { return synchronous; }
    /** @return how long SQLite retries a locked database before SQLITE_BUSY */
    public Duration busyTimeout() { return busyTimeout; }
    /** @return whether foreign keys are enforced */
    public boolean foreignKeys() { return foreignKeys; }
    /** @return WAL pages between automatic checkpoints (0: never) */
    public int walAutocheckpoint() { return walAutocheckpoint; }
    /** @return bytes of the file each connection reads through a memory map (0: none, every page read with a system call) */
    public long mmapSize() { return mmapSize; }
    /** @return reader connections under WAL */
    public int readers() { return readers; }
    /** @return how long a caller waits for the writer or a reader connection */
    public Duration connectionTimeout() { return connectionTimeout; }
    /** @return the schema migration run once when the database is first opened, or {@code null} */
    public SqliteMigration migration() { return migration; }
    /** @return consecutive open failures that open the circuit breaker */
    public int breakerFailures() { return breakerFailures; }
    /** @return how long an open breaker refuses opens */
    public Duration breakerCooldown() { return breakerCooldown; }
    /** @return whether a corrupt database is renamed aside and replaced by an empty one */
    public boolean quarantineCorrupt() { return quarantineCorrupt; }

    LongSupplier ticker() { return ticker; }
    CircuitBreakerConfig breakerConfig() { return breakerConfig; }
    /** @return the Micrometer registry of the writer and reader pools, or {@code null} */
    public Object metricRegistry() { return metricRegistry; }

    /** @return whether this database uses one writer and separate read-only readers */
    boolean splitReaders() {
        return !inMemory() && journalMode == JournalMode.WAL;
    }

    /**
     * @param other settings for the same database
     * @return a description of the settings that differ and must agree on one database, or {@code null}
     */
    String conflictWith(SqliteConfig other) {
        StringBuilder diff = new StringBuilder();
        differ(diff, "journalMode", journalMode, other.journalMode);
        differ(diff, "synchronous", synchronous, other.synchronous);
        differ(diff, "busyTimeout", busyTimeout, other.busyTimeout);
        differ(diff, "foreignKeys", foreignKeys, other.foreignKeys);
        differ(diff, "walAutocheckpoint", walAutocheckpoint, other.walAutocheckpoint);
        differ(diff, "mmapSize", mmapSize, other.mmapSize);
        differ(diff, "readers", readers, other.readers);
        differ(diff, "connectionTimeout", connectionTimeout, other.connectionTimeout);
        return diff.length() == 0 ? null : diff.toString();
    }

    private static void differ(StringBuilder diff, String name, Object open, Object requested) {
        if (!Objects.equals(open, requested)) {
            diff.append(diff.length() == 0 ? "" : ", ").append(name).append(" is ").append(open)
                    .append(", requested ").append(requested);
        }
    }

    @Override
    public String toString() {
        return "SqliteConfig{" + (inMemory() ? "memory=" + memoryName : "file=" + file)
                + ", journalMode=" + journalMode + ", synchronous=" + synchronous
                + ", busyTimeout=" + busyTimeout.toMillis() + "ms, foreignKeys=" + foreignKeys
                + ", walAutocheckpoint=" + walAutocheckpoint + ", mmapSize=" + mmapSize + ", readers=" + readers
                + ", connectionTimeout=" + connectionTimeout.toMillis() + "ms, migration=" + (migration != null)
                + ", breaker=" + breakerFailures + "/" + breakerCooldown.toMillis() + "ms"
                + ", quarantineCorrupt=" + quarantineCorrupt + '}';
    }

    /** Collects settings; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private final Path file;
        private final String memoryName;
        private JournalMode journalMode = JournalMode.WAL;
        private Synchronous synchronous;
        private Duration busyTimeout = Duration.ofSeconds(5);
        private boolean foreignKeys = true;
        private int walAutocheckpoint = 1000;
        private long mmapSize = DEFAULT_MMAP_SIZE;
        private int readers = 4;
        private Duration connectionTimeout = Duration.ofSeconds(30);
        private SqliteMigration migration;
        private int breakerFailures = 3;
        private Duration breakerCooldown = Duration.ofSeconds(30);
        private boolean quarantineCorrupt;
        private LongSupplier ticker = System::nanoTime;
        private Object metricRegistry;

        private Builder(Path file, String memoryName) {
            this.file = file;
            this.memoryName = memoryName;
        }

        /** @param mode the journal mode; default WAL. A rollback journal means one connection for everything. */
        public Builder journalMode(JournalMode mode) { this.journalMode = mode; return this; }
        /** @param level the synchronous level; default NORMAL under WAL, FULL with a rollback journal */
        public Builder synchronous(Synchronous level) { this.synchronous = level; return this; }
        /** @param timeout SQLite's busy timeout, 0 to 24 h; default 5 s */
        public Builder busyTimeout(Duration timeout) { this.busyTimeout = timeout; return this; }
        /** @param enforce whether foreign keys are enforced; default true */
        public Builder foreignKeys(boolean enforce) { this.foreignKeys = enforce; return this; }
        /** @param pages WAL pages between automatic checkpoints, 0 (never) or more; default 1000 */
        public Builder walAutocheckpoint(int pages) { this.walAutocheckpoint = pages; return this; }
        /**
         * @param bytes how much of the database file each connection reads through a memory map
         *     instead of a {@code read} system call per page, 0 (off) to 2 GiB - 64 KiB; default
         *     256 MiB. SQLite empties a connection's page cache whenever another connection has
         *     written, so under a steady write load every read transaction reads its pages again:
         *     mapped, that is a memory access instead of a system call and a copy. Writes still go
         *     through the WAL file, never through the map.
         * @return this builder
         */
        public Builder mmapSize(long bytes) { this.mmapSize = bytes; return this; }
        /** @param count read-only connections under WAL, 1 to 64; default 4 */
        public Builder readers(int count) { this.readers = count; return this; }
        /** @param timeout how long a caller waits for a connection, at least 250 ms; default 30 s */
        public Builder connectionTimeout(Duration timeout) { this.connectionTimeout = timeout; return this; }
        /** @param migration run once when the database is first opened in this process; default none */
        public Builder migration(SqliteMigration migration) { this.migration = migration; return this; }

        /**
         * @param failures consecutive failed opens that open the breaker, at least 1; default 3
         * @param cooldown how long the open breaker refuses opens, 10 ms to 1 h; default 30 s
         * @return this builder
         */
        public Builder circuitBreaker(int failures, Duration cooldown) {
            this.breakerFailures = failures;
            this.breakerCooldown = cooldown;
            return this;
        }

        /**
         * @param quarantine when true, a database SQLite reports as corrupt (SQLITE_CORRUPT,
         *     SQLITE_NOTADB) is renamed aside with its side files and an empty one is created;
         *     default false: the open fails with {@link CorruptDatabaseException}
         * @return this builder
         */
        public Builder quarantineCorrupt(boolean quarantine) { this.quarantineCorrupt = quarantine; return this; }

        /**
         * @param registry a Micrometer {@code MeterRegistry} for the writer and reader pools'
         *     {@code cistern.connections.*} meters, tagged with their pool names; default none. A
         *     database already open keeps the registry of its first open.
         * @return this builder
         */
        public Builder metricRegistry(Object registry) { this.metricRegistry = registry; return this; }

        /** For tests: the clock of the circuit breaker, in nanoseconds. */
        Builder ticker(LongSupplier ticker) { this.ticker = ticker; return this; }

        /**
         * @return the checked settings
         * @throws IllegalArgumentException naming the first bad setting, its value and what is allowed
         */
        public SqliteConfig build() {
            if (journalMode == null) {
                throw NotAllowed.setting("journalMode", null, "one of WAL, DELETE, TRUNCATE, PERSIST");
            }
            if (busyTimeout == null || busyTimeout.isNegative() || busyTimeout.compareTo(Duration.ofHours(24)) > 0) {
                throw NotAllowed.setting("busyTimeout", busyTimeout, "0 to 24 hours");
            }
            if (walAutocheckpoint < 0) {
                throw NotAllowed.setting("walAutocheckpoint", walAutocheckpoint, "0 (never) or more pages");
            }
            if (mmapSize < 0 || mmapSize > MAX_MMAP_SIZE) {
                throw NotAllowed.setting("mmapSize", mmapSize, "0 (off) to " + MAX_MMAP_SIZE + " bytes");
            }
            if (readers < 1 || readers > 64) {
                throw NotAllowed.setting("readers", readers, "1 to 64");
            }
            if (connectionTimeout == null || connectionTimeout.toMillis() < 250) {
                throw NotAllowed.setting("connectionTimeout", connectionTimeout, "at least 250 ms");
            }
            if (breakerFailures < 1) {
                throw NotAllowed.setting("circuitBreaker failures", breakerFailures, "at least 1");
            }
            if (breakerCooldown == null || breakerCooldown.isNegative() || breakerCooldown.isZero()) {
                throw NotAllowed.setting("circuitBreaker cooldown", breakerCooldown, "a positive duration");
            }
            if (file == null && quarantineCorrupt) {
                throw NotAllowed.setting("quarantineCorrupt", true, "false for an in-memory database (there is no file to move aside)");
            }
            return new SqliteConfig(this);
        }
    }
}
