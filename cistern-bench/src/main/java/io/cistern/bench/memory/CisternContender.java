package io.cistern.bench.memory;

import io.cistern.memory.agent.AgentSession;
import io.cistern.memory.model.Agent;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.Response;
import io.cistern.memory.model.Session;
import io.cistern.memory.model.TokenUsage;
import io.cistern.memory.model.ToolInvocation;
import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.MemoryStoreConfig;
import io.cistern.memory.store.SessionQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Cistern's store as an agent framework would drive it: one {@link AgentSession} per agent, each
 * append a logged operation ({@code append_prompt}, {@code append_response}, {@code invoke_tools}),
 * the read a page of the session's last 20 turns.
 */
final class CisternContender implements Contender {
    private final MemoryStore store;

    CisternContender(MemoryStoreConfig config) {
        this.store = MemoryStore.open(config);
    }

    @Override
    public AgentLoop agent(int index) {
        AgentSession agent = AgentSession.open(store, "bench-" + index,
                Agent.create("agent-" + index, "researcher", List.of("web_search", "calculator"), "gpt-4o"));
        return new AgentLoop() {
            private Session session;

            @Override
            public void newConversation() {
                session = agent.startSession(Map.of("bench", "memory-write"), List.of("bench"));
            }

            @Override
            public void turn(int t, LongConsumer appendNanos) {
                long start = System.nanoTime();
                Prompt p = agent.prompt(session.id(), Turns.prompt(index, t), Turns.PARAMETERS);
                long afterPrompt = System.nanoTime();
                appendNanos.accept(afterPrompt - start);
                Response r = agent.respond(p, Turns.response(index, t), new TokenUsage(120, 300), "stop", 800);
                long afterResponse = System.nanoTime();
                appendNanos.accept(afterResponse - afterPrompt);
                List<ToolInvocation> calls = new ArrayList<>();
                for (int c = 0; c < Turns.toolCalls(t); c++) {
                    calls.add(ToolInvocation.succeeded(r, Turns.toolName(c), Turns.toolParameters(t, c),
                            Turns.toolResult(t, c), 35, 0));
                }
                agent.toolsInvoked(r, calls);
                appendNanos.accept(System.nanoTime() - afterResponse);
            }

            @Override
            public int readRecent() {
                return store.sessionNodes(SessionQuery.of(session.id()).limit(Turns.RECENT)).items().size();
            }
        };
    }

    @Override
    public void close() {
        store.close();
    }
}
