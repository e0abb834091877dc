package io.cistern.memory.store;

import io.cistern.memory.model.Session;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The child process of {@link PostgresCrashTest}: writes to a PostgreSQL-backed store with 4
 * threads, single sessions and batches of three, and prints {@code ACK <id> END} for every node
 * once its commit has returned, until it is killed. Prints {@code FAIL} lines for any error.
 */
public final class PostgresCrashWriter {
    private PostgresCrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        MemoryStore store = MemoryStore.open(MemoryStoreConfig.jdbc(args[0]).username("postgres").build());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            Thread writer = new Thread(() -> {
                for (long n = 0; ; n++) {
                    try {
                        List<String> ids = new ArrayList<>();
                        if (n % 3 == 0) {
                            Batch batch = store.batch();
                            for (String part : new String[] {"a", "b", "c"}) {
                                Session s = Session.create("crash", Map.of("tag", "t" + thread + "-" + n + part), List.of());
                                batch.add(s);
                                ids.add(s.id());
                            }
                            batch.commit();
                        } else {
                            Session s = Session.create("crash", Map.of("tag", "t" + thread + "-" + n), List.of());
                            store.store(s);
                            ids.add(s.id());
                        }
                        StringBuilder line = new StringBuilder();
                        for (String id : ids) {
                            line.append("ACK ").append(id).append(" END\n");
                        }
                        out.print(line);
                        out.flush();
                    } catch (RuntimeException e) {
                        out.println("FAIL " + e);
                        out.flush();
                    }
                }
            }, "pg-crash-writer-" + t);
            threads.add(writer);
            writer.start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
