package io.cistern.bench.memory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.MemoryStoreConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.ai.chat.memory.repository.jdbc.PostgresChatMemoryRepositoryDialect;
import org.springframework.ai.chat.memory.repository.jdbc.SqliteChatMemoryRepositoryDialect;
import org.sqlite.SQLiteConfig;

/**
 * Where each trial runs: a fresh SQLite file (WAL, synchronous NORMAL, foreign keys on: Cistern's
 * defaults, given to every contender) or a fresh database on one embedded PostgreSQL server
 * (loopback; {@code synchronous_commit = off}, the nearest to SQLite's NORMAL).
 */
final class BenchDatabases implements AutoCloseable {
    enum Kind { SQLITE, POSTGRESQL }

    private final Path dir;
    private final AtomicInteger trials = new AtomicInteger();
    private EmbeddedPostgres postgres;

    BenchDatabases(Path dir) {
        this.dir = dir;
    }

    /**
     * @param contender {@code cistern}, {@code plain} or {@code spring-ai}; {@code cistern@fts=off} (no
     *     full-text index), {@code cistern@batch=N}
     *     and {@code cistern@wait=M} (milliseconds, or both: {@code cistern@batch=8,wait=1}) set
     *     the SQLite group commit's bounds
     */
    Contender open(Kind kind, String contender, int conversationLength) throws Exception {
        int n = trials.incrementAndGet();
        if (contender.startsWith("cistern@")) {
            MemoryStoreConfig.Builder config = kind == Kind.SQLITE
                    ? MemoryStoreConfig.sqlite(Files.createDirectories(dir.resolve("trial-" + n)))
                    : MemoryStoreConfig.jdbc(freshPostgres(n)).username("postgres");
            for (String setting : contender.substring("cistern@".length()).split(",")) {
                String[] kv = setting.split("=", 2);
                switch (kv[0]) {
                    case "batch" -> config.groupCommitMaxBatch(Integer.parseInt(kv[1]));
                    case "wait" -> config.groupCommitMaxWait(Duration.ofMillis(Long.parseLong(kv[1])));
                    case "fts" -> config.fullTextIndex(!kv[1].equals("off"));
                    default -> throw new IllegalArgumentException("setting " + setting
                            + " is not allowed; allowed: batch=N, wait=M, fts=on|off");
                }
            }
            return new CisternContender(config.build());
        }
        if (kind == Kind.SQLITE) {
            Path data = Files.createDirectories(dir.resolve("trial-" + n));
            switch (contender) {
                case "cistern":
                    return new CisternContender(MemoryStoreConfig.sqlite(data).build());
                case "plain": {
                    MemoryStore.open(MemoryStoreConfig.sqlite(data).build()).close(); // the schema, by Flyway
                    Path file = data.resolve(MemoryStoreConfig.SQLITE_FILE_NAME);
                    return new PlainJdbcContender(DriverManager.getConnection("jdbc:sqlite:" + file, sqlite().toProperties()));
                }
                case "spring-ai": {
                    HikariConfig h = new HikariConfig();
                    h.setJdbcUrl("jdbc:sqlite:" + data.resolve("spring-ai.db"));
                    // One connection: SQLite has one writer, and more connections would only meet SQLITE_BUSY.
                    h.setMaximumPoolSize(1);
                    h.setPoolName("spring-ai-sqlite-" + n);
                    sqlite().toProperties().forEach((k, v) -> h.addDataSourceProperty(String.valueOf(k), v));
                    HikariDataSource pool = new HikariDataSource(h);
                    schema(pool, "schema-sqlite.sql");
                    return new SpringAiContender(pool, new SqliteChatMemoryRepositoryDialect(), maxMessages(conversationLength));
                }
                default:
                    throw new IllegalArgumentException("contender = " + contender + " is not allowed; allowed: cistern, plain, spring-ai");
            }
        }
        String url = freshPostgres(n);
        switch (contender) {
            case "cistern":
                return new CisternContender(MemoryStoreConfig.jdbc(url).username("postgres").build());
            case "plain": {
                MemoryStore.open(MemoryStoreConfig.jdbc(url).username("postgres").build()).close();
                return new PlainJdbcContender(DriverManager.getConnection(url + "?reWriteBatchedInserts=true", "postgres", ""));
            }
            case "spring-ai": {
                HikariConfig h = new HikariConfig();
                h.setJdbcUrl(url);
                h.setUsername("postgres");
                h.setMaximumPoolSize(10);
                h.setPoolName("spring-ai-pg-" + n);
                HikariDataSource pool = new HikariDataSource(h);
                schema(pool, "schema-postgresql.sql");
                return new SpringAiContender(pool, new PostgresChatMemoryRepositoryDialect(), maxMessages(conversationLength));
            }
            default:
                throw new IllegalArgumentException("contender = " + contender + " is not allowed; allowed: cistern, plain, spring-ai");
        }
    }

    /** @return settings for a fresh store of a trial of its own (a new file, or a new PostgreSQL database) */
    MemoryStoreConfig.Builder freshStore(Kind kind) throws IOException, SQLException {
        int n = trials.incrementAndGet();
        return kind == Kind.SQLITE
                ? MemoryStoreConfig.sqlite(Files.createDirectories(dir.resolve("trial-" + n)))
                : MemoryStoreConfig.jdbc(freshPostgres(n)).username("postgres");
    }

    private static int maxMessages(int conversationLength) {
        return 3 * conversationLength + 10;
    }

    private static SQLiteConfig sqlite() {
        SQLiteConfig c = new SQLiteConfig();
        c.setJournalMode(SQLiteConfig.JournalMode.WAL);
        c.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        c.enforceForeignKeys(true);
        c.setBusyTimeout(5000);
        return c;
    }

    /** Runs Spring AI's own schema script from its jar. */
    private static void schema(HikariDataSource pool, String script) throws IOException, SQLException {
        String sql;
        try (InputStream in = SpringAiContender.class.getResourceAsStream(
                "/org/springframework/ai/chat/memory/repository/jdbc/" + script)) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            for (String statement : sql.split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        }
    }

    private String freshPostgres(int n) throws IOException, SQLException {
        if (postgres == null) {
            postgres = EmbeddedPostgres.builder()
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "100")
                    .setServerConfig("synchronous_commit", "off")
                    .start();
        }
        String name = "bench_" + n;
        try (Connection admin = postgres.getPostgresDatabase().getConnection(); Statement s = admin.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + name;
    }

    @Override
    public void close() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }
}
