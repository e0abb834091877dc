package io.cistern.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A separate JVM ({@link CrashWriter}) writes and is killed with SIGKILL mid-write: every write it
 * acknowledged (its commit had returned) is in the database after reopening; and while it lives,
 * recovery refuses to remove the {@code -shm} it is using.
 */
class CrashTest {
    private static final int ACKS_BEFORE_KILL = 2000;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesSigkill() throws Exception {
        Path file = dir.resolve("crash.db");
        Child child = Child.start(file, dir.resolve("child-stderr.txt"));
        child.awaitAcks(ACKS_BEFORE_KILL);
        child.kill();
        // No clean shutdown happened: the last connection's checkpoint would have removed the -wal.
        assertThat(SqliteFiles.sideFile(file, "-wal")).exists();
        assertEveryAcknowledgedWriteIsStored(file, child);
    }

    @Test
    void aShmInUseByAnotherProcessIsNeverRemoved() throws Exception {
        Path file = dir.resolve("shared.db");
        Path shm = SqliteFiles.sideFile(file, "-shm");
        Child child = Child.start(file, dir.resolve("child-stderr.txt"));
        child.awaitAcks(200);
        assertThat(SqliteFiles.inUse(shm)).as("the child holds the -shm's dead-man-switch lock").isTrue();
        assertThat(SqliteFiles.removeStaleShm(file)).isFalse();
        assertThat(shm).exists();
        child.awaitAcks(400); // and it keeps writing undisturbed
        child.kill();
        // Its holder is dead now: the -shm is stale, and removing it loses nothing.
        assertThat(SqliteFiles.inUse(shm)).isFalse();
        assertThat(SqliteFiles.removeStaleShm(file)).isTrue();
        assertThat(shm).doesNotExist();
        assertThat(SqliteFiles.sideFile(file, "-wal")).exists();
        assertEveryAcknowledgedWriteIsStored(file, child);
    }

    private static void assertEveryAcknowledgedWriteIsStored(Path file, Child child) throws Exception {
        List<String> acked = List.copyOf(child.acknowledged);
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
        // Writes in flight when it died may be there too (committed, not yet acknowledged), but only whole transactions.
        for (String tag : stored) {
            if (tag.matches("t\\d+-\\d+[abc]")) {
                String base = tag.substring(0, tag.length() - 1);
                assertThat(stored).as("transaction %s is all or nothing", base).contains(base + "a", base + "b", base + "c");
            }
        }
    }

    /** A running {@link CrashWriter} and what it has acknowledged so far. */
    private static final class Child {
        final Process process;
        final Path stderr;
        final ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        final AtomicInteger acks = new AtomicInteger();
        final Thread reader;

        private Child(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
            this.reader = new Thread(this::read, "crash-test-reader");
            reader.start();
        }

        static Child start(Path file, Path stderr) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            return new Child(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    CrashWriter.class.getName(), file.toString()).redirectError(stderr.toFile()).start(), stderr);
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (line.startsWith("ACK ") && line.endsWith(" END")) {
                        acknowledged.add(line.substring(4, line.length() - 4));
                        acks.incrementAndGet();
                    } else if (line.startsWith("FAIL")) {
                        failures.add(line);
                    }
                }
            } catch (IOException e) {
                failures.add("reading the child's output: " + e);
            }
        }

        /** Waits (up to 90 s, for a loaded machine) until the child has acknowledged this many writes. */
        void awaitAcks(int count) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (acks.get() < count && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(acks.get()).as("acknowledged writes; child stderr: %s", tail()).isGreaterThanOrEqualTo(count);
            assertThat(process.isAlive()).as("still writing").isTrue();
        }

        /** SIGKILL (what {@code destroyForcibly} sends on Linux), then reads what it printed before dying. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(process.exitValue()).as("killed by signal 9 (128 + 9)").isEqualTo(137);
            assertThat(failures).as("child errors").isEmpty();
        }

        private String tail() {
            try {
                String s = Files.readString(stderr);
                return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        }
    }
}
