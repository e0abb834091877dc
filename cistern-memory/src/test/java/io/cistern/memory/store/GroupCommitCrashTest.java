package io.cistern.memory.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.memory.model.NodeKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A separate JVM ({@link GroupCommitCrashWriter}) appends through the group-committing SQLite
 * writer and is killed with SIGKILL mid-write: every append it acknowledged is stored after
 * reopening, with its committed log entry; nothing refused is stored; and what was written whole
 * or not at all (a turn and its log entry), with no gap in any session's sequence.
 */
class GroupCommitCrashTest {
    private static final int ACKS_BEFORE_KILL = 1500;

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedAppendSurvivesSigkillOfABatchedWriter() throws Exception {
        Path data = dir.resolve("data");
        Path stdout = dir.resolve("child-stdout.txt");
        Path stderr = dir.resolve("child-stderr.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                GroupCommitCrashWriter.class.getName(), data.toString())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Output seen = Output.read(stdout);
        while (seen.acked.size() < ACKS_BEFORE_KILL && child.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            seen = Output.read(stdout);
        }
        assertThat(seen.acked.size()).as("acknowledged appends; child stderr: %s", tail(stderr))
                .isGreaterThanOrEqualTo(ACKS_BEFORE_KILL);
        assertThat(child.isAlive()).as("still writing").isTrue();
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("killed by signal 9 (128 + 9)").isEqualTo(137);
        Output all = Output.read(stdout);
        assertThat(all.failures).as("child errors").isEmpty();
        assertThat(all.refused).as("refusals mixed into the batches").isPositive();
        assertThat(all.group[1]).as("writes group-committed, in %s batches", all.group[0]).isGreaterThan(all.group[0]);

        try (MemoryStore store = MemoryStore.open(MemoryStoreConfig.sqlite(data).build())) {
            Map<String, List<String>> ackedByNamespace = new HashMap<>();
            all.acked.forEach(a -> ackedByNamespace.computeIfAbsent(a[0], k -> new ArrayList<>()).add(a[1]));
            assertThat(ackedByNamespace).hasSize(GroupCommitCrashWriter.AGENTS);
            for (Map.Entry<String, List<String>> e : ackedByNamespace.entrySet()) {
                String namespace = e.getKey();
                String sessionId = store.operationLog().history(namespace, null, OperationStatus.COMMITTED, null, 10_000)
                        .stream().filter(op -> op.operation().equals("start_session")).findFirst().orElseThrow().sessionId();
                List<SessionEntry> thread = store.thread(sessionId);
                Set<String> stored = new HashSet<>();
                for (int i = 0; i < thread.size(); i++) {
                    assertThat(thread.get(i).seq()).as("no gap in %s", namespace).isEqualTo(i + 1);
                    assertThat(thread.get(i).node().kind()).isEqualTo(NodeKind.PROMPT);
                    stored.add(thread.get(i).node().id());
                }
                // acknowledged in the order they were appended: a prefix of the session, in order
                List<String> acked = e.getValue();
                assertThat(stored).containsAll(acked);
                for (int i = 0; i < acked.size(); i++) {
                    assertThat(thread.get(i).node().id()).isEqualTo(acked.get(i));
                }
                // a turn and its log entry commit together: as many committed appends as stored turns
                long committed = store.operationLog().history(namespace, sessionId, OperationStatus.COMMITTED, null, 10_000)
                        .stream().filter(op -> op.operation().equals("append_prompt")).count();
                assertThat(committed).as("committed append_prompt entries of %s", namespace).isEqualTo(thread.size());
                // nothing is left recorded-but-unfinished: one transaction per operation
                assertThat(store.operationLog().history(namespace, null, OperationStatus.RECORDED, null, 10)).isEmpty();
            }
        }
    }

    /** What the child printed; only complete lines count. */
    private record Output(List<String[]> acked, List<String> failures, int refused, long[] group) {
        static Output read(Path stdout) throws IOException {
            List<String[]> acked = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            int refused = 0;
            long[] group = {0, 0};
            for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
                if (line.startsWith("ACK ") && line.endsWith(" END")) {
                    acked.add(line.substring(4, line.length() - 4).split(" "));
                } else if (line.startsWith("REFUSED ") && line.endsWith(" END")) {
                    refused++;
                } else if (line.startsWith("GROUP ") && line.endsWith(" END")) {
                    String[] f = line.split(" ");
                    long writes = Long.parseLong(f[2]);
                    if (writes > group[1]) {
                        group = new long[] {Long.parseLong(f[1]), writes};
                    }
                } else if (line.startsWith("FAIL")) {
                    failures.add(line);
                }
            }
            return new Output(acked, failures, refused, group);
        }
    }

    private static String tail(Path stderr) {
        try {
            String s = Files.readString(stderr);
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
