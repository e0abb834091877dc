package io.cistern.sqlite;

import static io.cistern.sqlite.Sql.exec;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 8 writer and 8 reader threads on one real file. Writers mix single auto-commit inserts with
 * read-then-write transactions (the pattern that fails with SQLITE_BUSY under DEFERRED
 * transactions whatever the busy timeout); readers read recent history and check a consistency
 * invariant. No operation may fail, and every acknowledged write must be in the database.
 */
class ConcurrencyTest {
    private static final int WRITERS = 8;
    private static final int READERS = 8;
    private static final int OPS_PER_WRITER = 400;

    @TempDir
    Path dir;

    @Test
    void noBusyErrorsAndNoLostWrites() throws Exception {
        try (SqliteDataSource db = SqliteDatabases.open(SqliteConfig.builder(dir.resolve("agents.db")).build())) {
            exec(db, "CREATE TABLE message(id INTEGER PRIMARY KEY, conv INTEGER NOT NULL, seq INTEGER NOT NULL,"
                    + " body TEXT NOT NULL UNIQUE, UNIQUE(conv, seq))");
            exec(db, "CREATE TABLE conv(id INTEGER PRIMARY KEY, messages INTEGER NOT NULL)");
            for (int c = 0; c < 4; c++) {
                exec(db, "INSERT INTO conv VALUES (" + c + ", 0)");
            }
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong reads = new AtomicLong();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
            try {
                List<Future<?>> writers = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    writers.add(pool.submit(() -> {
                        await(start);
                        for (int op = 0; op < OPS_PER_WRITER; op++) {
                            try {
                                acknowledged.addAll(op % 2 == 0 ? appendOne(db, writer, op) : appendTurn(db, writer, op));
                            } catch (SQLException | RuntimeException e) {
                                errors.add(e);
                            }
                        }
                    }));
                }
                List<Future<?>> readers = new ArrayList<>();
                for (int r = 0; r < READERS; r++) {
                    readers.add(pool.submit(() -> {
                        await(start);
                        do {
                            try {
                                readRecentHistory(db);
                                reads.incrementAndGet();
                            } catch (SQLException | RuntimeException | AssertionError e) {
                                errors.add(e);
                            }
                        } while (writing.get());
                    }));
                }
                start.countDown();
                for (Future<?> f : writers) {
                    f.get(2, TimeUnit.MINUTES);
                }
                writing.set(false);
                for (Future<?> f : readers) {
                    f.get(1, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }

            assertThat(errors).as("failed operations (of %d reads and all writes)", reads.get()).isEmpty();
            // 75 single inserts + 75 turns of two messages per writer.
            assertThat(acknowledged).hasSize(WRITERS * (OPS_PER_WRITER / 2) * 3);
            Set<String> stored = new HashSet<>();
            try (Connection c = db.readOnlyView().getConnection(); PreparedStatement ps = c.prepareStatement("SELECT body FROM message");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
            assertThat(stored).containsExactlyInAnyOrderElementsOf(acknowledged);
            assertThat(Sql.number(db, "SELECT sum(messages) FROM conv")).isEqualTo(WRITERS * (OPS_PER_WRITER / 2) * 2);
        }
    }

    /** One auto-commit insert. */
    private static List<String> appendOne(SqliteDataSource db, int writer, int op) throws SQLException {
        String body = "w" + writer + "-op" + op;
        int conv = ThreadLocalRandom.current().nextInt(4);
        try (Connection c = db.getConnection()) {
            // A single statement still reads (max seq) and writes; auto-commit makes it one transaction.
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO message(conv, seq, body)"
                    + " SELECT ?, coalesce(max(seq), 0) + 1, ? FROM message WHERE conv = ?")) {
                ps.setInt(1, conv);
                ps.setString(2, body);
                ps.setInt(3, conv);
                ps.executeUpdate();
            }
        }
        return List.of(body);
    }

    /** A read-then-write transaction: read the conversation's last sequence number, append a user and an agent message. */
    private static List<String> appendTurn(SqliteDataSource db, int writer, int op) throws SQLException {
        int conv = ThreadLocalRandom.current().nextInt(4);
        List<String> bodies = List.of("w" + writer + "-op" + op + "-user", "w" + writer + "-op" + op + "-agent");
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            long seq;
            try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(seq), 0) FROM message WHERE conv = ?")) {
                ps.setInt(1, conv);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    seq = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO message(conv, seq, body) VALUES (?, ?, ?)")) {
                for (String body : bodies) {
                    ps.setInt(1, conv);
                    ps.setLong(2, ++seq);
                    ps.setString(3, body);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            exec(c, "UPDATE conv SET messages = messages + 2 WHERE id = " + conv);
            c.commit();
        }
        return bodies;
    }

    /** The last 20 messages of a conversation, in a consistent snapshot: sequence numbers are gap-free. */
    private static void readRecentHistory(SqliteDataSource db) throws SQLException {
        int conv = ThreadLocalRandom.current().nextInt(4);
        try (Connection c = db.readOnlyView().getConnection()) {
            c.setAutoCommit(false);
            long max;
            try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(seq), 0) FROM message WHERE conv = ?")) {
                ps.setInt(1, conv);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    max = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM message WHERE conv = ? ORDER BY seq DESC LIMIT 20")) {
                ps.setInt(1, conv);
                try (ResultSet rs = ps.executeQuery()) {
                    long expected = max;
                    while (rs.next()) {
                        if (rs.getLong(1) != expected) {
                            throw new AssertionError("conversation " + conv + ": seq " + rs.getLong(1) + ", expected " + expected);
                        }
                        expected--;
                    }
                }
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
}
