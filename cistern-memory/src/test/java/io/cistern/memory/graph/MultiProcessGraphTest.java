package io.cistern.memory.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.MemoryStoreConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference memory server loses writes when two processes share its file; two processes on
 * one SQLite data directory here keep every acknowledged create and observation.
 */
class MultiProcessGraphTest {

    @TempDir
    Path dir;

    @Test
    void twoProcessesOnOneFileLoseNothing() throws Exception {
        int perProcess = 100;
        try (MemoryStore store = MemoryStore.open(MemoryStoreConfig.sqlite(dir).build())) {
            KnowledgeGraph.on(store).createEntities("default", List.of(new Entity("shared", "t", List.of())));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long startAt = System.currentTimeMillis() + 3_000;
        List<Process> children = new ArrayList<>();
        for (String prefix : List.of("a", "b")) {
            children.add(new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    CreateEntitiesMain.class.getName(), dir.toString(), prefix, "" + perProcess, "" + startAt)
                    .redirectErrorStream(true).start());
        }
        int acknowledged = 0;
        for (Process p : children) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String out = output(p);
            assertThat(p.exitValue()).as(out).isZero();
            acknowledged += Integer.parseInt(out.lines().filter(l -> l.startsWith("acknowledged ")).findFirst()
                    .orElseThrow().substring("acknowledged ".length()).trim());
        }
        assertThat(acknowledged).isEqualTo(2 * perProcess);
        try (MemoryStore store = MemoryStore.open(MemoryStoreConfig.sqlite(dir).build())) {
            GraphPage all = KnowledgeGraph.on(store).readGraph("default", null, KnowledgeGraph.DEFAULT_PAGE);
            assertThat(all.entities()).hasSize(2 * perProcess + 1);
            assertThat(all.entities().get(0).observations()).hasSize(2 * perProcess);
        }
    }

    private static String output(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
