package io.cistern.app;

import io.cistern.memory.agent.AgentSession;
import io.cistern.memory.model.Agent;
import io.cistern.memory.model.Edge;
import io.cistern.memory.model.EdgeProperties;
import io.cistern.memory.model.ModelParameters;
import io.cistern.memory.model.NodeKind;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.PromptTemplate;
import io.cistern.memory.model.Response;
import io.cistern.memory.model.Session;
import io.cistern.memory.model.TokenUsage;
import io.cistern.memory.model.ToolInvocation;
import io.cistern.memory.model.VariableSpec;
import io.cistern.memory.store.Batch;
import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.SessionQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The simulation: each agent thread runs conversations as fast as the store lets it (no simulated
 * model latency, so the figures are the store's). A turn is a prompt (every other one rendered from
 * a shared template family), its response, zero to three tool calls (one in ten failing after
 * retries), then the reads an agent does around a turn: the template it renders (by id), its
 * thread, the new response's lineage, the lineage of an earlier response of the session it recalls
 * (every other turn), and every fourth turn a page of recent prompts. Reads of what a write just
 * changed miss the cache by design (it is invalidated precisely); the others hit.
 */
final class Demo {

    private static final String[] TOOLS = {"web_search", "calculator", "code_runner", "retriever"};
    private static final String[] MODELS = {"gpt-4o", "claude-sonnet", "llama-3-70b"};

    private final MemoryStore store;
    private final int agents;
    private final Duration duration;
    private final int turnsPerSession;
    private final LongAdder operations = new LongAdder();

    Demo(MemoryStore store, int agents, Duration duration, int turnsPerSession) {
        this.store = store;
        this.agents = agents;
        this.duration = duration;
        this.turnsPerSession = turnsPerSession;
    }

    DemoReport run(boolean terminal) {
        List<PromptTemplate> templates = storeTemplates();
        List<OperationTimes> perAgent = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(agents);
        long deadline = System.nanoTime() + duration.toNanos();
        long start = System.nanoTime();
        for (int i = 0; i < agents; i++) {
            OperationTimes times = new OperationTimes();
            perAgent.add(times);
            int index = i;
            Thread t = new Thread(() -> {
                try {
                    runAgent(index, templates, times, deadline);
                } finally {
                    done.countDown();
                }
            }, "demo-agent-" + i);
            threads.add(t);
            t.start();
        }
        ProgressBar bar = new ProgressBar(System.err, terminal, duration, operations::sum);
        try {
            while (!done.await(250, TimeUnit.MILLISECONDS)) {
                bar.update();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            threads.forEach(Thread::interrupt);
        }
        bar.finish();
        long elapsedNanos = System.nanoTime() - start;
        OperationTimes total = new OperationTimes();
        perAgent.forEach(t -> t.addTo(total));
        return new DemoReport(agents, elapsedNanos, total, store.statistics(), store.poolStats(), store.clusterHealth().orElse(null),
                store.limiterStats(), store.cacheStats(), store.description(), store.sqliteFile().orElse(null));
    }

    /** Three template families of three versions each, every version inheriting from the one before. */
    private List<PromptTemplate> storeTemplates() {
        List<PromptTemplate> all = new ArrayList<>();
        Batch batch = store.batch();
        String[][] families = {
            {"research", "Find what is known about {{topic}}", "Research {{topic}}; cite sources",
                "Research {{topic}} for a {{audience}}; cite sources"},
            {"summarise", "Summarise {{topic}}", "Summarise {{topic}} in three bullets",
                "Summarise {{topic}} in three bullets for a {{audience}}"},
            {"plan", "Plan the work on {{topic}}", "Plan {{topic}} as numbered steps",
                "Plan {{topic}} as numbered steps a {{audience}} can follow"},
        };
        List<VariableSpec> vars = List.of(new VariableSpec("topic", "the subject", true, null),
                new VariableSpec("audience", "who reads it", false, "general reader"));
        for (String[] f : families) {
            PromptTemplate v1 = PromptTemplate.create(f[0], "1.0.0", f[1], vars);
            PromptTemplate v2 = v1.derive("1.1.0", f[2], vars);
            PromptTemplate v3 = v2.derive("2.0.0", f[3], vars);
            batch.add(v1).add(v2).add(v3)
                    .add(Edge.of(v2, v1, new EdgeProperties.Inherits("adds citations")))
                    .add(Edge.of(v3, v2, new EdgeProperties.Inherits("adds audience")));
            all.addAll(List.of(v1, v2, v3));
        }
        batch.commit();
        return all;
    }

    private void runAgent(int index, List<PromptTemplate> templates, OperationTimes times, long deadline) {
        SplittableRandom random = new SplittableRandom(index * 7919L + 17);
        String model = MODELS[index % MODELS.length];
        AgentSession agent = AgentSession.open(store, "agent-" + index,
                Agent.create("agent-" + index, index % 2 == 0 ? "researcher" : "planner", List.of(TOOLS), model));
        ModelParameters params = new ModelParameters(model, 0.2 + (index % 5) * 0.1, 1024, List.of(TOOLS));
        Session session = null;
        List<String> responses = new ArrayList<>();
        int turn = 0;
        while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            try {
                if (session == null || turn % turnsPerSession == 0) {
                    session = timed(times, "start_session", () -> agent.startSession(
                            Map.of("agent", "agent-" + index), List.of("demo")));
                    responses.clear();
                }
                String sessionId = session.id();
                int t = turn;
                PromptTemplate template = null;
                if (t % 2 == 1) {
                    String templateId = templates.get(random.nextInt(templates.size())).id();
                    template = timed(times, "get_node", () -> store.get(templateId, PromptTemplate.class).orElseThrow());
                }
                PromptTemplate chosen = template;
                Prompt prompt = timed(times, "append_prompt", () -> chosen == null
                        ? agent.prompt(sessionId, "Turn " + t + ": what should we look at next?", params)
                        : agent.prompt(sessionId, chosen, Map.of("topic", "topic " + random.nextInt(50)), params));
                int promptTokens = 40 + random.nextInt(400);
                int completionTokens = 20 + random.nextInt(600);
                Response response = timed(times, "append_response", () -> agent.respond(prompt,
                        "Simulated answer " + t + " " + "lorem ipsum ".repeat(1 + random.nextInt(20)),
                        new TokenUsage(promptTokens, completionTokens), "stop", 200 + random.nextInt(2000)));
                int calls = random.nextInt(4);
                if (calls > 0) {
                    List<ToolInvocation> invocations = new ArrayList<>();
                    for (int c = 0; c < calls; c++) {
                        String tool = TOOLS[random.nextInt(TOOLS.length)];
                        String params2 = "{\"query\":\"q" + random.nextInt(1000) + "\",\"limit\":" + (1 + random.nextInt(10)) + "}";
                        invocations.add(random.nextInt(10) == 0
                                ? ToolInvocation.failed(response, tool, params2, "timeout after 3 retries", 3000, 3)
                                : ToolInvocation.succeeded(response, tool, params2, "{\"results\":" + random.nextInt(20) + "}",
                                        5 + random.nextInt(300), random.nextInt(3) == 0 ? 1 : 0));
                    }
                    timed(times, "invoke_tools", () -> {
                        agent.toolsInvoked(response, invocations);
                        return null;
                    });
                }
                timed(times, "read_thread", () -> store.thread(sessionId));
                timed(times, "lineage", () -> store.lineage(response.id(), 5));
                if (!responses.isEmpty() && t % 2 == 0) {
                    String earlier = responses.get(random.nextInt(responses.size()));
                    timed(times, "lineage", () -> store.lineage(earlier, 5));
                }
                responses.add(response.id());
                if (turn % 4 == 3) {
                    timed(times, "page_session", () -> store.sessionNodes(
                            SessionQuery.of(sessionId).kinds(NodeKind.PROMPT).limit(20)));
                }
            } catch (RuntimeException e) {
                // counted in timed(); the agent goes on with a fresh session
                session = null;
            }
            turn++;
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run();
    }

    private <T> T timed(OperationTimes times, String operation, Work<T> work) {
        long start = System.nanoTime();
        try {
            T result = work.run();
            times.record(operation, System.nanoTime() - start);
            operations.increment();
            return result;
        } catch (RuntimeException e) {
            times.failed(operation, e);
            throw e;
        }
    }
}
