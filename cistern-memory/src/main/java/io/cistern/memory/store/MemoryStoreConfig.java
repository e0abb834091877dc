package io.cistern.memory.store;

import io.cistern.jdbc.Secrets;
import io.cistern.memory.embedding.EmbeddingSettings;
import io.cistern.pool.config.NotAllowed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a {@link MemoryStore} keeps its data and how hard it may be driven.
 *
 * <pre>{@code
 * MemoryStoreConfig.sqlite(Path.of("data")).build();                          // data/cistern-memory.db
 * MemoryStoreConfig.jdbc("jdbc:postgresql://db1,db2/memory").username("app").password(pw).build();
 * }</pre>
 */
public final class MemoryStoreConfig {

    /** The SQLite file a data directory holds. */
    public static final String SQLITE_FILE_NAME = "cistern-memory.db";

    private final String jdbcUrl;
    private final Path sqliteFile;
    private final String username;
    private final String password;
    private final int maxConcurrent;
    private final Duration acquireTimeout;
    private final int poolSize;
    private final long cacheSize;
    private final Duration cacheTtl;
    private final int groupCommitMaxBatch;
    private final Duration groupCommitMaxWait;
    private final Duration retentionSweep;
    private final EmbeddingSettings embedding;
    private final boolean fullTextIndex;

    private MemoryStoreConfig(Builder b) {
        this.fullTextIndex = b.fullTextIndex;
        this.jdbcUrl = b.jdbcUrl;
        this.sqliteFile = b.sqliteFile;
        this.username = b.username;
        this.password = b.password;
        this.maxConcurrent = b.maxConcurrent;
        this.acquireTimeout = b.acquireTimeout;
        this.poolSize = b.poolSize;
        this.cacheSize = b.cacheSize;
        this.cacheTtl = b.cacheTtl;
        this.groupCommitMaxBatch = b.groupCommitMaxBatch;
        this.groupCommitMaxWait = b.groupCommitMaxWait;
        this.retentionSweep = b.retentionSweep;
        this.embedding = b.embedding;
    }

    /**
     * @param dataDirectory the directory of the SQLite file, created if missing
     * @return a builder for {@code dataDirectory/cistern-memory.db}
     */
    public static Builder sqlite(Path dataDirectory) {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Builder b = new Builder();
        b.sqliteFile = dataDirectory.resolve(SQLITE_FILE_NAME);
        return b;
    }

    /**
     * @param url {@code jdbc:sqlite:<file>} or {@code jdbc:postgresql://host[:port][,host2...]/db}
     * @return a builder for that database
     * @throws IllegalArgumentException naming the URL if it is neither
     */
    public static Builder jdbc(String url) {
        Objects.requireNonNull(url, "url");
        String lower = url.toLowerCase(Locale.ROOT);
        Builder b = new Builder();
        if (lower.startsWith("jdbc:sqlite:")) {
            String file = url.substring("jdbc:sqlite:".length());
            if (file.isBlank() || file.startsWith(":memory:") || file.contains("?")) {
                throw new IllegalArgumentException("JDBC URL '" + Secrets.maskUrl(url) + "' is not allowed; allowed: jdbc:sqlite:<file> "
                        + "(a file path without parameters) or jdbc:postgresql://host[:port][,host...]/database");
            }
            b.sqliteFile = Path.of(file);
        } else if (lower.startsWith("jdbc:postgresql://")) {
            b.jdbcUrl = url;
        } else {
            throw new IllegalArgumentException("JDBC URL '" + Secrets.maskUrl(url) + "' is not allowed; allowed: jdbc:sqlite:<file> "
                    + "or jdbc:postgresql://host[:port][,host...]/database");
        }
        return b;
    }

    /** @return true for SQLite, false for PostgreSQL */
    public boolean isSqlite() {
        return sqliteFile != null;
    }

    /** @return the SQLite file, or null for PostgreSQL */
    public Path sqliteFile() {
        return sqliteFile;
    }

    /** @return the PostgreSQL URL, or null for SQLite */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    String username() { return username; }

    String password() { return password; }

    /** @return the most store operations running at once */
    public int maxConcurrent() { return maxConcurrent; }

    /** @return how long an operation waits for its turn before failing */
    public Duration acquireTimeout() { return acquireTimeout; }

    /** @return connections (PostgreSQL) or read connections (SQLite) */
    public int poolSize() { return poolSize; }

    /** @return entries of the hot-read cache, 0 for none */
    public long cacheSize() { return cacheSize; }

    /** @return how long a cached read may live, null for as long as nothing invalidates it */
    public Duration cacheTtl() { return cacheTtl; }

    /** @return the most writes one SQLite transaction combines (1: no group commit) */
    public int groupCommitMaxBatch() { return groupCommitMaxBatch; }

    /** @return how long a SQLite group commit waits to fill its batch when others are queued */
    public Duration groupCommitMaxWait() { return groupCommitMaxWait; }

    /** @return how often the store purges expired turns and sessions by itself; zero for never */
    public Duration retentionSweep() { return retentionSweep; }

    /** @return the embedding model and mode of semantic search, null for none */
    public EmbeddingSettings embedding() { return embedding; }
    /** @return whether writes keep the full-text index (and search is allowed) */
    public boolean fullTextIndex() { return fullTextIndex; }

    /** @return a builder holding these settings, to change some of them */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.fullTextIndex = fullTextIndex;
        b.jdbcUrl = jdbcUrl;
        b.sqliteFile = sqliteFile;
        b.username = username;
        b.password = password;
        b.maxConcurrent = maxConcurrent;
        b.acquireTimeout = acquireTimeout;
        b.poolSize = poolSize;
        b.cacheSize = cacheSize;
        b.cacheTtl = cacheTtl;
        b.groupCommitMaxBatch = groupCommitMaxBatch;
        b.groupCommitMaxWait = groupCommitMaxWait;
        b.retentionSweep = retentionSweep;
        b.embedding = embedding;
        return b;
    }

    @Override
    public String toString() {
        return "MemoryStoreConfig[" + (isSqlite() ? "sqlite " + sqliteFile : Secrets.maskUrl(jdbcUrl)) + ", maxConcurrent="
                + maxConcurrent + ", acquireTimeout=" + acquireTimeout + ", poolSize=" + poolSize
                + ", cacheSize=" + cacheSize + ", fullTextIndex=" + fullTextIndex + "]";
    }

    /** Settings; {@link #build()} checks them. */
    public static final class Builder {
        /** The default {@link #groupCommitMaxBatch(int)}: see docs/SQLITE.md for the measurement. */
        public static final int DEFAULT_GROUP_COMMIT_MAX_BATCH = 32;

        private String jdbcUrl;
        private Path sqliteFile;
        private String username;
        private String password;
        private int maxConcurrent = 32;
        private Duration acquireTimeout = Duration.ofSeconds(30);
        private int poolSize = 8;
        private long cacheSize = 10_000;
        private Duration cacheTtl;
        private int groupCommitMaxBatch = DEFAULT_GROUP_COMMIT_MAX_BATCH;
        private Duration groupCommitMaxWait = Duration.ZERO;
        private Duration retentionSweep = Duration.ofMinutes(1);
        private EmbeddingSettings embedding;
        private boolean fullTextIndex = true;

        private Builder() {
        }

        /**
         * @param url another database, as {@link MemoryStoreConfig#jdbc(String)} takes it
         * @return this builder, pointing there
         */
        public Builder toJdbc(String url) {
            Builder target = jdbc(url);
            this.jdbcUrl = target.jdbcUrl;
            this.sqliteFile = target.sqliteFile;
            return this;
        }

        /** @param user the PostgreSQL user @return this builder */
        public Builder username(String user) { this.username = user; return this; }

        /** @param secret the PostgreSQL password @return this builder */
        public Builder password(String secret) { this.password = secret; return this; }

        /** @param max operations at once, 1 to 1024 (default 32) @return this builder */
        public Builder maxConcurrent(int max) { this.maxConcurrent = max; return this; }

        /** @param timeout wait for a turn, 1 ms or more (default 30 s) @return this builder */
        public Builder acquireTimeout(Duration timeout) { this.acquireTimeout = timeout; return this; }

        /** @param size PostgreSQL connections or SQLite readers, 1 to 64 (default 8) @return this builder */
        public Builder poolSize(int size) { this.poolSize = size; return this; }

        /** @param entries hot-read cache entries, 0 disables it (default 10,000) @return this builder */
        public Builder cacheSize(long entries) { this.cacheSize = entries; return this; }

        /** @param ttl longest life of a cached read, positive, or null (default) @return this builder */
        public Builder cacheTtl(Duration ttl) { this.cacheTtl = ttl; return this; }

        /**
         * @param max on SQLite, the most concurrent writes combined into one transaction on the
         *     single writer, each in a savepoint of its own; 1 to 1024 (default
         *     {@value #DEFAULT_GROUP_COMMIT_MAX_BATCH}), 1 turns group commit off. PostgreSQL, where
         *     many connections write, keeps a transaction per write.
         * @return this builder
         */
        public Builder groupCommitMaxBatch(int max) { this.groupCommitMaxBatch = max; return this; }

        /**
         * @param wait on SQLite, how long a group commit that has other writes queued but fewer than
         *     the batch bound waits for more; never waits when it is alone. 0 to 100 ms (default 0:
         *     the writes that queued while the previous transaction ran are the batch)
         * @return this builder
         */
        public Builder groupCommitMaxWait(Duration wait) { this.groupCommitMaxWait = wait; return this; }

        /**
         * @param period how often the store's own housekeeping thread purges what the time-to-live
         *     settings of {@link io.cistern.memory.retention.Retention} expired, in batches of
         *     {@value io.cistern.memory.retention.Retention#DEFAULT_BATCH} turns a transaction
         *     (default 1 minute; zero for never, when the application calls {@code purgeExpired}
         *     itself); 0, or 10 ms to 1 day
         * @return this builder
         */
        public Builder retentionSweep(Duration period) { this.retentionSweep = period; return this; }

        /**
         * @param settings the model that embeds turns for {@link MemoryStore#semanticSearch}, on or off
         *     the write path; null (default) for no semantic search
         * @return this builder
         */
        public Builder embedding(EmbeddingSettings settings) { this.embedding = settings; return this; }

        /**
         * @param on whether every write of a turn or knowledge-graph observation also writes its
         *     full-text entry, in the same transaction (default true). Off, {@code search} refuses;
         *     what is written while it is off is not indexed later.
         * @return this builder
         */
        public Builder fullTextIndex(boolean on) { this.fullTextIndex = on; return this; }

        /**
         * @return the configuration
         * @throws IllegalArgumentException naming the first bad value and what is allowed
         */
        public MemoryStoreConfig build() {
            if (maxConcurrent < 1 || maxConcurrent > 1024) {
                throw NotAllowed.setting("maxConcurrent", maxConcurrent, "1 to 1024");
            }
            if (acquireTimeout == null || acquireTimeout.toMillis() < 1) {
                throw NotAllowed.setting("acquireTimeout", acquireTimeout, "1 ms or more");
            }
            if (poolSize < 1 || poolSize > 64) {
                throw NotAllowed.setting("poolSize", poolSize, "1 to 64");
            }
            if (cacheSize < 0) {
                throw NotAllowed.setting("cacheSize", cacheSize, "0 or more");
            }
            if (cacheTtl != null && (cacheTtl.isZero() || cacheTtl.isNegative())) {
                throw NotAllowed.setting("cacheTtl", cacheTtl, "positive, or null");
            }
            if (groupCommitMaxBatch < 1 || groupCommitMaxBatch > 1024) {
                throw NotAllowed.setting("groupCommitMaxBatch", groupCommitMaxBatch, "1 to 1024");
            }
            if (retentionSweep == null || retentionSweep.isNegative()
                    || (!retentionSweep.isZero() && retentionSweep.toMillis() < 10) || retentionSweep.compareTo(Duration.ofDays(1)) > 0) {
                throw NotAllowed.setting("retentionSweep", retentionSweep, "0 (never) or 10 ms to 1 day");
            }
            if (groupCommitMaxWait == null || groupCommitMaxWait.isNegative() || groupCommitMaxWait.toMillis() > 100) {
                throw NotAllowed.setting("groupCommitMaxWait", groupCommitMaxWait, "0 to 100 ms");
            }
            return new MemoryStoreConfig(this);
        }
    }
}
