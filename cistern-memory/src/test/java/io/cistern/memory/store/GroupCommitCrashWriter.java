package io.cistern.memory.store;

import io.cistern.memory.agent.AgentSession;
import io.cistern.memory.model.Agent;
import io.cistern.memory.model.ModelParameters;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.PromptTemplate;
import io.cistern.memory.model.Session;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The child process of {@link GroupCommitCrashTest}: 8 agents append prompts to their own sessions
 * through one store, so that the SQLite writer group-commits them, and every tenth append is one
 * the store refuses (a template that was never stored), so that batches mix failures in. Prints
 * {@code ACK <namespace> <prompt id> END} once an append has returned, {@code REFUSED} for the
 * refusals, {@code GROUP <batches> <writes> END} now and then, {@code FAIL} for anything else,
 * until it is killed.
 */
public final class GroupCommitCrashWriter {
    static final int AGENTS = 8;

    private GroupCommitCrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        MemoryStore store = MemoryStore.open(MemoryStoreConfig.sqlite(Path.of(args[0])).build());
        ModelParameters params = new ModelParameters("m", 0.1, 64, List.of());
        List<Thread> threads = new ArrayList<>();
        for (int a = 0; a < AGENTS; a++) {
            String namespace = "crash-" + a;
            AgentSession agent = AgentSession.open(store, namespace, Agent.create(namespace, "writer", List.of(), "m"));
            Session session = agent.startSession(null, null);
            PromptTemplate ghost = PromptTemplate.create("ghost-" + a, "1.0.0", "never stored", List.of());
            Thread writer = new Thread(() -> {
                for (long n = 0; ; n++) {
                    try {
                        if (n % 10 == 9) {
                            try {
                                agent.prompt(session.id(), ghost, Map.of(), params);
                                out.println("FAIL a refused append was stored");
                            } catch (IllegalArgumentException expected) {
                                out.println("REFUSED " + namespace + " END");
                            }
                        } else {
                            Prompt p = agent.prompt(session.id(), namespace + " #" + n, params);
                            out.println("ACK " + namespace + " " + p.id() + " END");
                        }
                        if (n % 100 == 0) {
                            long[] counts = store.groupCommitCounts();
                            out.println("GROUP " + counts[0] + " " + counts[1] + " END");
                        }
                        out.flush();
                    } catch (RuntimeException e) {
                        out.println("FAIL " + e);
                        out.flush();
                    }
                }
            }, "crash-agent-" + a);
            threads.add(writer);
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
    }
}
