package io.cistern.memory.store;

import io.cistern.memory.model.Session;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Run in a child JVM by {@link MultiProcessMigrationTest}: opens the store, appends a session, exits. */
public final class OpenStoreMain {

    private OpenStoreMain() {
    }

    public static void main(String[] args) throws Exception {
        long startAt = Long.parseLong(args[1]);
        // All children start migrating at the same instant, not as their JVMs happen to come up.
        while (System.currentTimeMillis() < startAt) {
            Thread.sleep(1);
        }
        try (MemoryStore store = MemoryStore.open(MemoryStoreConfig.sqlite(Path.of(args[0])).build())) {
            store.store(Session.create("proc", Map.of("pid", "" + ProcessHandle.current().pid()), List.of()));
        }
        System.out.println("stored");
    }
}
