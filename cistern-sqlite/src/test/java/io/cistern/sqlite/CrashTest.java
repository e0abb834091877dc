package io.cistern.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
        Child child = Child.start(file, dir);
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
        Child child = Child.start(file, dir);
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
        assertThat(acked).isNotEmpty();
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

    /**
     * A running {@link CrashWriter}. Its output goes to a file, not a pipe: a pipe's stream can be
     * closed under a reading thread when the process dies, and every line written before the
     * SIGKILL must be read.
     */
    private static final class Child {
        final Process process;
        final Path stdout;
        final Path stderr;
        final List<String> acknowledged = new ArrayList<>();
        final List<String> failures = new ArrayList<>();

        private Child(Process process, Path stdout, Path stderr) {
            this.process = process;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        static Child start(Path file, Path dir) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path stdout = dir.resolve("child-stdout.txt");
            Path stderr = dir.resolve("child-stderr.txt");
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    CrashWriter.class.getName(), file.toString())
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            return new Child(process, stdout, stderr);
        }

        /** Reads what the child has printed so far; only complete {@code ACK ... END} lines count. */
        private void read() throws IOException {
            acknowledged.clear();
            failures.clear();
            for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
                if (line.startsWith("ACK ") && line.endsWith(" END")) {
                    acknowledged.add(line.substring(4, line.length() - 4));
                } else if (line.startsWith("FAIL")) {
                    failures.add(line);
                }
            }
        }

        /** Waits (up to 90 s, for a loaded machine) until the child has acknowledged this many writes. */
        void awaitAcks(int count) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            read();
            while (acknowledged.size() < count && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(10);
                read();
            }
            assertThat(acknowledged.size()).as("acknowledged writes; child stderr: %s", tail()).isGreaterThanOrEqualTo(count);
            assertThat(process.isAlive()).as("still writing").isTrue();
        }

        /** SIGKILL (what {@code destroyForcibly} sends on Linux), then reads everything it printed before dying. */
        void kill() throws Exception {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("killed by signal 9 (128 + 9)").isEqualTo(137);
            read();
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
