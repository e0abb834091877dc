package io.cistern.sqlite;

import static io.cistern.sqlite.Sql.exec;
import static io.cistern.sqlite.Sql.number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.jdbc.CisternDataSource;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A HikariCP user's properties file with a {@code jdbc:sqlite:} URL, through
 * {@code new CisternDataSource(props)} and nothing else: the SQLite discipline serves it.
 */
class FrontDoorTest {
    private static final int WRITERS = 8;
    private static final int READERS = 8;
    private static final int WRITES_PER_WRITER = 500;

    @TempDir
    Path dir;

    private Properties hikariFile(Path db) throws Exception {
        Path file = dir.resolve("hikari.properties");
        Files.writeString(file, String.join("\n",
                "jdbcUrl=jdbc:sqlite:" + db,
                "maximumPoolSize=8",
                "connectionTimeout=30000",
                "poolName=agents"), StandardCharsets.UTF_8);
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        return p;
    }

    @Test
    void theIssuesLoadLosesNothingAndMeetsNoBusyError() throws Exception {
        Path db = dir.resolve("agents.db");
        try (CisternDataSource ds = new CisternDataSource(hikariFile(db))) {
            assertThat(ds.discipline()).isEqualTo("sqlite");
            SqliteDataSource sqlite = ds.unwrap(SqliteDataSource.class);
            assertThat(sqlite.isSingleConnection()).isFalse();
            assertThat(sqlite.config().readers()).as("maximumPoolSize sizes the readers").isEqualTo(8);
            assertThat(SqliteDatabases.isOpen(db)).as("the registry SqliteDatabases keeps").isTrue();

            exec(ds, "CREATE TABLE note(id INTEGER PRIMARY KEY, writer INTEGER NOT NULL, seq INTEGER NOT NULL, UNIQUE(writer, seq))");
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            AtomicLong acknowledged = new AtomicLong();
            AtomicLong reads = new AtomicLong();
            AtomicBoolean writing = new AtomicBoolean(true);
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService threads = Executors.newFixedThreadPool(WRITERS + READERS);
            try {
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    writers.add(threads.submit(() -> {
                        await(start);
                        for (int i = 0; i < WRITES_PER_WRITER; i++) {
                            try {
                                // Half the writers read, then write, in one transaction: the
                                // pattern that meets SQLITE_BUSY on a plain pool.
                                if (writer % 2 == 0) {
                                    readThenWrite(ds, writer);
                                } else {
                                    insert(ds, writer, i);
                                }
                                acknowledged.incrementAndGet();
                            } catch (SQLException | RuntimeException e) {
                                errors.add(e);
                            }
                        }
                    }));
                }
                for (int r = 0; r < READERS; r++) {
                    boolean declared = r % 2 == 0;
                    threads.submit(() -> {
                        await(start);
                        while (writing.get()) {
                            try (Connection c = ds.getConnection()) {
                                c.setReadOnly(declared); // half say so, as @Transactional(readOnly = true) does
                                number(c, "SELECT count(*) FROM note");
                                reads.incrementAndGet();
                            } catch (SQLException | RuntimeException e) {
                                errors.add(e);
                            }
                        }
                    });
                }
                start.countDown();
                for (Future<?> f : writers) {
                    f.get(120, TimeUnit.SECONDS);
                }
                writing.set(false);
            } finally {
                threads.shutdown();
                assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(errors).as("no SQLITE_BUSY, no error at all").isEmpty();
            assertThat(acknowledged.get()).isEqualTo(WRITERS * WRITES_PER_WRITER);
            assertThat(number(ds, "SELECT count(*) FROM note")).as("no lost write").isEqualTo(WRITERS * WRITES_PER_WRITER);
            assertThat(reads.get()).isPositive();
            assertThat(sqlite.readerStats().acquisitions()).as("declared reads went to the readers").isPositive();
        }
        assertThat(SqliteDatabases.isOpen(db)).as("closing the CisternDataSource releases the file").isFalse();
    }

    private static void insert(CisternDataSource ds, int writer, int seq) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO note(writer, seq) VALUES (?, ?)")) {
            ps.setInt(1, writer);
            ps.setInt(2, seq);
            ps.executeUpdate();
        }
    }

    private static void readThenWrite(CisternDataSource ds, int writer) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            long next = number(c, "SELECT coalesce(max(seq), -1) + 1 FROM note WHERE writer = " + writer);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO note(writer, seq) VALUES (?, ?)")) {
                ps.setInt(1, writer);
                ps.setLong(2, next);
                ps.executeUpdate();
            }
            c.commit();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sqliteSettingsShareTheNamespaceAndItsChecks() throws Exception {
        Properties p = hikariFile(dir.resolve("checked.db"));
        p.setProperty("sqlite.reader", "2");
        assertThatThrownBy(() -> new CisternDataSource(p))
                .hasMessageStartingWith("Unknown property 'sqlite.reader'; did you mean 'sqlite.readers'?");
        p.remove("sqlite.reader");
        p.setProperty("sqlite.journalMode", "MEMORY");
        assertThatThrownBy(() -> new CisternDataSource(p))
                .hasMessage("sqlite.journalMode = 'MEMORY' is not allowed; allowed: one of WAL, DELETE, TRUNCATE, PERSIST");
        p.setProperty("sqlite.journalMode", "wal");
        p.setProperty("sqlite.readers", "3");
        p.setProperty("sqlite.busyTimeout", "2000");
        try (CisternDataSource ds = new CisternDataSource(p)) {
            SqliteConfig c = ds.unwrap(SqliteDataSource.class).config();
            assertThat(c.readers()).isEqualTo(3);
            assertThat(c.busyTimeout().toMillis()).isEqualTo(2000);
        }
    }

    @Test
    void theMemoryMapIsSetFromThePropertiesFileAndChecked() throws Exception {
        Properties p = hikariFile(dir.resolve("mapped.db"));
        p.setProperty("sqlite.mmapSize", "1048576");
        try (CisternDataSource ds = new CisternDataSource(p);
                Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("PRAGMA mmap_size")) {
            assertThat(ds.unwrap(SqliteDataSource.class).config().mmapSize()).isEqualTo(1_048_576L);
            assertThat(r.next()).isTrue();
            assertThat(r.getLong(1)).as("the pragma as SQLite reports it").isEqualTo(1_048_576L);
        }
        p.setProperty("sqlite.mmapSize", "-1");
        assertThatThrownBy(() -> new CisternDataSource(p))
                .hasMessage("mmapSize = -1 is not allowed; allowed: 0 (off) to 2147418112 bytes");
    }

    @Test
    void plainStaysAvailableOnRequest() throws Exception {
        Properties p = hikariFile(dir.resolve("plain.db"));
        p.setProperty("discipline", "plain");
        try (CisternDataSource ds = new CisternDataSource(p)) {
            assertThat(ds.discipline()).isEqualTo("plain");
            assertThat(ds.isWrapperFor(SqliteDataSource.class)).isFalse();
            assertThat(ds.poolStats().maxSize()).isEqualTo(8);
        }
    }
}
