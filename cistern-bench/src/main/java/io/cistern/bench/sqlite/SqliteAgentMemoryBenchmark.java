package io.cistern.bench.sqlite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An agent-memory workload on one SQLite file, 16 threads: each operation either appends a
 * message to a conversation (a read-then-write transaction, see {@link #append}) or reads a
 * conversation's 20 most recent messages. Compares Cistern's SQLite
 * discipline with HikariCP over 10 plain connections and with one mutex-guarded connection.
 *
 * <p>A failed operation is caught and counted, never scored as throughput: {@code throughput}
 * reports {@code ok} and {@code errors} per second as secondary results (its primary score counts
 * every attempt); {@code latency} samples every attempt's time, failed ones included, and the
 * errors it saw are printed at the end of each trial.
 */
@State(Scope.Benchmark)
@Threads(16)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 1, time = 3)
@Measurement(iterations = 4, time = 4)
public class SqliteAgentMemoryBenchmark {
    static final int CONVERSATIONS = 64;
    static final int HISTORY = 20;

    @Param({"CISTERN", "HIKARI_10", "HIKARI_10_WAL", "MUTEX"})
    public BenchedStore store;

    /** The share of operations that append, in percent; the rest read recent history. */
    @Param({"25"})
    public int appendPercent;

    private Path dir;
    private BenchedStore.Store opened;
    private final LongAdder latencyErrors = new LongAdder();

    @Setup(Level.Trial)
    public void open() throws IOException, SQLException {
        dir = Files.createTempDirectory("cistern-sqlite-bench");
        Path file = dir.resolve("memory.db");
        opened = store.open(file);
        opened.run(false, c -> {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE conversation(id INTEGER PRIMARY KEY, messages INTEGER NOT NULL, last_message INTEGER)");
                s.execute("CREATE TABLE message(id INTEGER PRIMARY KEY, conversation INTEGER NOT NULL REFERENCES conversation(id),"
                        + " seq INTEGER NOT NULL, role TEXT NOT NULL, body TEXT NOT NULL, created INTEGER NOT NULL,"
                        + " UNIQUE(conversation, seq))");
            }
            c.setAutoCommit(false);
            try (PreparedStatement conv = c.prepareStatement("INSERT INTO conversation VALUES (?, 0, NULL)")) {
                for (int i = 0; i < CONVERSATIONS; i++) {
                    conv.setInt(1, i);
                    conv.executeUpdate();
                }
            }
            c.commit();
            c.setAutoCommit(true);
            return null;
        });
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < CONVERSATIONS * 50; i++) {
            append(opened, random);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws SQLException, IOException {
        opened.close();
        if (latencyErrors.sum() > 0) {
            System.out.println("\n" + store + ": " + latencyErrors.sum() + " failed operations in the latency run");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Per thread: its random stream and, for the throughput run, what succeeded and what failed. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Outcome {
        final SplittableRandom random = new SplittableRandom();
        /** Operations that completed. */
        public long ok;
        /** Operations that failed (SQLITE_BUSY, "database is locked", pool timeouts...). */
        public long errors;
    }

    /** Per thread, for the latency run. */
    @State(Scope.Thread)
    public static class Random {
        final SplittableRandom random = new SplittableRandom();
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int throughput(Outcome outcome) {
        try {
            int result = operation(outcome.random);
            outcome.ok++;
            return result;
        } catch (SQLException e) {
            outcome.errors++;
            return -1;
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int latency(Random random) {
        try {
            return operation(random.random);
        } catch (SQLException e) {
            latencyErrors.increment();
            return -1;
        }
    }

    private int operation(SplittableRandom random) throws SQLException {
        return random.nextInt(100) < appendPercent ? append(opened, random) : recentHistory(random);
    }

    /**
     * Appends a message as the next in its conversation: a read-then-write transaction (read the
     * conversation's message count, insert the message with the next sequence number, update the
     * conversation), the pattern that needs an IMMEDIATE transaction to be safe under concurrency.
     */
    private static int append(BenchedStore.Store store, SplittableRandom random) throws SQLException {
        int conversation = random.nextInt(CONVERSATIONS);
        String role = random.nextBoolean() ? "user" : "assistant";
        String body = "message " + random.nextLong() + " with some text an agent would remember about the task at hand";
        return store.run(false, c -> {
            c.setAutoCommit(false);
            try {
                long seq;
                try (PreparedStatement ps = c.prepareStatement("SELECT messages FROM conversation WHERE id = ?")) {
                    ps.setInt(1, conversation);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        seq = rs.getLong(1) + 1;
                    }
                }
                long id;
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO message(conversation, seq, role, body, created) VALUES (?, ?, ?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    ps.setInt(1, conversation);
                    ps.setLong(2, seq);
                    ps.setString(3, role);
                    ps.setString(4, body);
                    ps.setLong(5, System.currentTimeMillis());
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE conversation SET messages = ?, last_message = ? WHERE id = ?")) {
                    ps.setLong(1, seq);
                    ps.setLong(2, id);
                    ps.setInt(3, conversation);
                    ps.executeUpdate();
                }
                c.commit();
                return 1;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        });
    }

    private int recentHistory(SplittableRandom random) throws SQLException {
        int conversation = random.nextInt(CONVERSATIONS);
        return opened.run(true, c -> {
            int length = 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT role, body, created FROM message WHERE conversation = ? ORDER BY seq DESC LIMIT " + HISTORY)) {
                ps.setInt(1, conversation);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        length += rs.getString(2).length();
                    }
                }
            }
            return length;
        });
    }
}
