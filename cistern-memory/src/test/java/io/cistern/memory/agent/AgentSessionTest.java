package io.cistern.memory.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.memory.model.Agent;
import io.cistern.memory.model.Edge;
import io.cistern.memory.model.EdgeKind;
import io.cistern.memory.model.ModelParameters;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.PromptTemplate;
import io.cistern.memory.model.Response;
import io.cistern.memory.model.Session;
import io.cistern.memory.model.TokenUsage;
import io.cistern.memory.model.ToolInvocation;
import io.cistern.memory.model.VariableSpec;
import io.cistern.memory.store.Backend;
import io.cistern.memory.store.Backends;
import io.cistern.memory.store.Lineage;
import io.cistern.memory.store.LoggedOperation;
import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.OperationStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Agent sessions and their durable operation log, on SQLite and on PostgreSQL. */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class AgentSessionTest {

    static final ModelParameters PARAMS = new ModelParameters("gpt-4o-mini", 0.7, 256, List.of("search"));

    @Parameter
    Backend backend;

    @TempDir
    Path dir;

    MemoryStore store;

    @BeforeEach
    void open() {
        store = Backends.fresh(backend, dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void manyAgentsAtOnceEachInItsOwnNamespaceWithACompleteCommittedLog() throws Exception {
        PromptTemplate template = PromptTemplate.create("ask", "1.0.0", "Tell me about {{topic}}",
                List.of(new VariableSpec("topic", "subject", true, null)));
        store.store(template);
        int agents = 8;
        int turns = 6;
        ExecutorService pool = Executors.newFixedThreadPool(agents);
        List<Future<AgentSession>> futures = new ArrayList<>();
        for (int a = 0; a < agents; a++) {
            int n = a;
            futures.add(pool.submit(() -> {
                AgentSession agent = AgentSession.open(store, "team-" + n, Agent.create("agent" + n, "worker", List.of(), "m"));
                Session s = agent.startSession(Map.of("agent", "" + n), List.of());
                for (int t = 0; t < turns; t++) {
                    Prompt p = t % 2 == 0 ? agent.prompt(s.id(), "q" + t, PARAMS)
                            : agent.prompt(s.id(), template, Map.of("topic", "t" + t), PARAMS);
                    Response r = agent.respond(p, "a" + t, new TokenUsage(5, 7), "stop", 30);
                    agent.toolsInvoked(r, List.of(ToolInvocation.succeeded(r, "search", "{}", "[]", 4, 0)));
                }
                return agent;
            }));
        }
        List<AgentSession> sessions = new ArrayList<>();
        for (Future<AgentSession> f : futures) {
            sessions.add(f.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();

        for (AgentSession agent : sessions) {
            List<LoggedOperation> log = agent.history(1000);
            // register, start, and three operations per turn
            assertThat(log).hasSize(2 + 3 * turns);
            assertThat(log).allMatch(op -> op.status() == OperationStatus.COMMITTED && op.finishedAt() != null
                    && op.namespace().equals(agent.namespace()) && op.agentId().equals(agent.agent().id()));
            assertThat(log).extracting(LoggedOperation::id).isSortedAccordingTo((x, y) -> Long.compare(y, x));
            assertThat(log.get(log.size() - 1).operation()).isEqualTo("register_agent");
            assertThat(log.get(log.size() - 1).contentHash())
                    .isEqualTo(store.operationLog().contentHash(List.of(agent.agent()), List.of()));
            String sessionId = log.get(log.size() - 2).sessionId();
            assertThat(store.thread(sessionId)).hasSize(3 * turns);
            assertThat(agent.history(sessionId, OperationStatus.COMMITTED, null, 1000)).hasSize(1 + 3 * turns);
        }
        // the graph the agents built: every prompt follows the previous one, templated ones instantiate
        Session any = store.get(sessions.get(3).history(1000).get(3 * turns).sessionId(), Session.class).orElseThrow();
        Response last = (Response) store.thread(any.id()).get(3 * turns - 2).node();
        Lineage lineage = store.lineage(last.id(), 10).orElseThrow();
        assertThat(lineage.earlierPrompts()).hasSize(turns - 1);
        assertThat(lineage.templates()).containsExactly(template);
        assertThat(lineage.tools()).hasSize(1);
        assertThat(store.outgoing(lineage.prompt().id(), EdgeKind.HANDLED_BY)).extracting(Edge::toId)
                .containsExactly(sessions.get(3).agent().id());
    }

    @Test
    void anAgentCannotWriteToAnotherNamespace() {
        AgentSession alice = AgentSession.open(store, "alice", Agent.create("alice", "r", List.of(), "m"));
        AgentSession bob = AgentSession.open(store, "bob", Agent.create("bob", "r", List.of(), "m"));
        Session hers = alice.startSession(null, null);
        assertThatThrownBy(() -> bob.prompt(hers.id(), "sneaky", PARAMS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("belongs to namespace 'alice'").hasMessageContaining("only to namespace 'bob'");
        assertThat(bob.history(100)).extracting(LoggedOperation::operation).containsExactly("register_agent");
        assertThat(store.thread(hers.id())).isEmpty();
        assertThatThrownBy(() -> AgentSession.open(store, "bad space", alice.agent()))
                .hasMessageContaining("namespace = 'bad space' is not allowed");
    }

    @Test
    void aFailedWriteIsLoggedAbortedWithItsReasonAndWritesNothing() {
        AgentSession agent = AgentSession.open(store, "ops", Agent.create("ops", "r", List.of(), "m"));
        Session s = agent.startSession(null, null);
        PromptTemplate neverStored = PromptTemplate.create("ghost", "1.0.0", "x", List.of());
        assertThatThrownBy(() -> agent.prompt(s.id(), neverStored, Map.of(), PARAMS))
                .hasMessageContaining("node '" + neverStored.id() + "' does not exist");
        LoggedOperation aborted = agent.history(1).get(0);
        assertThat(aborted.operation()).isEqualTo("append_prompt");
        assertThat(aborted.status()).isEqualTo(OperationStatus.ABORTED);
        assertThat(aborted.detail()).contains("does not exist");
        assertThat(store.thread(s.id())).isEmpty();
        assertThat(agent.history(s.id(), OperationStatus.ABORTED, null, 10)).containsExactly(aborted);
        assertThat(store.operationLog().get(aborted.id())).contains(aborted);
        // a finished operation cannot be committed or aborted again
        assertThat(store.operationLog().abort(aborted.id(), "again")).isFalse();
        assertThatThrownBy(() -> store.batch().add(Session.create("ops", null, null)).commitLogged(aborted.id()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not in the recorded state");
    }

    @Test
    void handOffsAreTransfersBetweenAgents() {
        AgentSession a = AgentSession.open(store, "desk", Agent.create("triage", "router", List.of(), "m"));
        AgentSession b = AgentSession.open(store, "desk", Agent.create("math", "solver", List.of("calc"), "m"));
        a.handOff(b.agent(), "arithmetic", "user wants 17*23");
        List<Edge> out = store.outgoing(a.agent().id(), EdgeKind.TRANSFERS_TO);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).toId()).isEqualTo(b.agent().id());
        assertThat(a.history(null, null, null, 10)).extracting(LoggedOperation::operation)
                .containsExactly("hand_off", "register_agent", "register_agent");
    }
}
