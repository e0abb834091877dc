package io.cistern.memory.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.testkit.LoopbackPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client JVM ({@link PostgresCrashWriter}) writing to a PostgreSQL-backed store is killed with
 * SIGKILL mid-write: every node whose commit it acknowledged is in the store afterwards (single
 * writes and three-node batches). The server keeps running, as it would when only a client dies.
 */
class PostgresCrashTest {
    private static final int ACKS_BEFORE_KILL = 1500;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteSurvivesTheClientsSigkill() throws Exception {
        String url = LoopbackPostgres.freshDatabaseUrl("pgcrash");
        Path stdout = dir.resolve("child-stdout.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                PostgresCrashWriter.class.getName(), url)
                .redirectOutput(stdout.toFile()).redirectError(dir.resolve("child-stderr.txt").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (acknowledged(stdout).size() < ACKS_BEFORE_KILL && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(child.isAlive()).as("still writing; stderr: %s",
                    Files.readString(dir.resolve("child-stderr.txt"))).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed by signal 9 (128 + 9)").isEqualTo(137);
        List<String> acked = acknowledged(stdout);
        assertThat(acked.size()).isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        assertThat(Files.readAllLines(stdout, StandardCharsets.UTF_8)).noneMatch(l -> l.startsWith("FAIL"));

        try (MemoryStore store = MemoryStore.open(MemoryStoreConfig.jdbc(url).username("postgres").build())) {
            List<String> missing = new ArrayList<>();
            for (String id : acked) {
                if (store.get(id).isEmpty()) {
                    missing.add(id);
                }
            }
            System.out.printf("CRASH postgres store: %d acknowledged writes before SIGKILL, %d missing after%n", acked.size(), missing.size());
            assertThat(missing).as("acknowledged but missing").isEmpty();
        }
    }

    private static List<String> acknowledged(Path stdout) throws Exception {
        List<String> acked = new ArrayList<>();
        if (!Files.exists(stdout)) {
            return acked;
        }
        for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
            if (line.startsWith("ACK ") && line.endsWith(" END")) {
                acked.add(line.substring(4, line.length() - 4));
            }
        }
        return acked;
    }
}
