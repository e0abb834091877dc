package io.cistern.memory.graph;

import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.MemoryStoreConfig;
import java.nio.file.Path;
import java.util.List;

/** Run in a child JVM by {@link MultiProcessGraphTest}: creates entities one call at a time, then exits. */
public final class CreateEntitiesMain {

    private CreateEntitiesMain() {
    }

    public static void main(String[] args) throws Exception {
        String prefix = args[1];
        int count = Integer.parseInt(args[2]);
        long startAt = Long.parseLong(args[3]);
        try (MemoryStore store = MemoryStore.open(MemoryStoreConfig.sqlite(Path.of(args[0])).build())) {
            KnowledgeGraph kg = KnowledgeGraph.on(store);
            while (System.currentTimeMillis() < startAt) {
                Thread.sleep(1);
            }
            int acknowledged = 0;
            for (int i = 0; i < count; i++) {
                acknowledged += kg.createEntities("default", List.of(new Entity(prefix + i, "t", List.of("o" + i)))).size();
                kg.addObservations("default", List.of(new Observations("shared", List.of(prefix + i))));
            }
            System.out.println("acknowledged " + acknowledged);
        }
    }
}
