package io.cistern.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing JVM with SIGKILL and proves that every write it acknowledged (its commit had
 * returned) is in the database after reopening.
 */
class CrashTest {
    private static final int ACKS_BEFORE_KILL = 2000;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        Path file = dir.resolve("crash.db");
        Path stderr = dir.resolve("child-stderr.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), file.toString())
                .redirectError(stderr.toFile())
                .start();
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch enough = new CountDownLatch(ACKS_BEFORE_KILL);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("ACK ") && line.endsWith(" END")) {
                        acknowledged.add(line.substring(4, line.length() - 4));
                        enough.countDown();
                    } else if (line.startsWith("FAIL")) {
                        failures.add(line);
                    }
                }
            } catch (java.io.IOException e) {
                failures.add("reading the child's output: " + e);
            }
        }, "crash-test-reader");
        reader.start();
        try {
            boolean reached = enough.await(90, TimeUnit.SECONDS);
            assertThat(reached).as("child acknowledged %d writes; stderr: %s", ACKS_BEFORE_KILL, tail(stderr)).isTrue();
            assertThat(child.isAlive()).as("still writing when killed").isTrue();
        } finally {
            child.destroyForcibly(); // SIGKILL on Linux
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        reader.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(child.exitValue()).as("killed by signal 9 (128 + 9)").isEqualTo(137);
        assertThat(failures).isEmpty();
        // No clean shutdown happened: the last connection's checkpoint would have removed the -wal.
        assertThat(SqliteFiles.sideFile(file, "-wal")).exists();

        List<String> acked = List.copyOf(acknowledged);
        assertThat(acked.size()).isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        Set<String> stored = new HashSet<>();
        try (SqliteDataSource db = SqliteDatabases.open(SqliteConfig.builder(file).build());
             Connection c = db.readOnlyView().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
            try (ResultSet rs = s.executeQuery("SELECT tag FROM event")) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
        }
        assertThat(stored).containsAll(acked);
        // Writes still in flight when it died may be there too (committed, not yet acknowledged), but only whole transactions.
        for (String tag : stored) {
            if (tag.matches("t\\d+-\\d+[abc]")) {
                String base = tag.substring(0, tag.length() - 1);
                assertThat(stored).as("transaction %s is all or nothing", base).contains(base + "a", base + "b", base + "c");
            }
        }
    }

    private static String tail(Path file) {
        try {
            String s = Files.readString(file);
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (java.io.IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
