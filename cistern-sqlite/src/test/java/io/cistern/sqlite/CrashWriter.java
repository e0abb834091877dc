package io.cistern.sqlite;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link CrashTest}: writes with 4 threads, mixing single inserts and
 * three-row transactions, and prints {@code ACK <tag> END} for every row once its commit has
 * returned, until it is killed. Prints {@code FAIL} lines for any error.
 */
public final class CrashWriter {
    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        SqliteDataSource db = SqliteDatabases.open(SqliteConfig.builder(Path.of(args[0]))
                .migration(ds -> Sql.exec(ds, "CREATE TABLE IF NOT EXISTS event(id INTEGER PRIMARY KEY, tag TEXT NOT NULL UNIQUE)"))
                .build());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            Thread writer = new Thread(() -> {
                for (long n = 0; ; n++) {
                    try {
                        List<String> tags = n % 3 == 0 ? transaction(db, thread, n) : single(db, thread, n);
                        for (String tag : tags) {
                            out.println("ACK " + tag + " END");
                        }
                        out.flush();
                    } catch (SQLException | RuntimeException e) {
                        out.println("FAIL " + e);
                        out.flush();
                    }
                }
            }, "crash-writer-" + t);
            threads.add(writer);
            writer.start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    private static List<String> single(SqliteDataSource db, int thread, long n) throws SQLException {
        String tag = "t" + thread + "-" + n;
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO event(tag) VALUES (?)")) {
            ps.setString(1, tag);
            ps.executeUpdate();
        }
        return List.of(tag);
    }

    private static List<String> transaction(SqliteDataSource db, int thread, long n) throws SQLException {
        List<String> tags = List.of("t" + thread + "-" + n + "a", "t" + thread + "-" + n + "b", "t" + thread + "-" + n + "c");
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO event(tag) VALUES (?)")) {
                for (String tag : tags) {
                    ps.setString(1, tag);
                    ps.executeUpdate();
                }
            }
            c.commit();
        }
        return tags;
    }
}
