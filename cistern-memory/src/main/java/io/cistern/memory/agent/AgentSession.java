package io.cistern.memory.agent;

import io.cistern.memory.model.Agent;
import io.cistern.memory.model.Edge;
import io.cistern.memory.model.EdgeProperties;
import io.cistern.memory.model.ModelParameters;
import io.cistern.memory.model.Node;
import io.cistern.memory.model.NodeKind;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.PromptTemplate;
import io.cistern.memory.model.Response;
import io.cistern.memory.model.Session;
import io.cistern.memory.model.TokenUsage;
import io.cistern.memory.model.ToolInvocation;
import io.cistern.memory.store.Batch;
import io.cistern.memory.store.BatchResult;
import io.cistern.memory.store.LoggedOperation;
import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.OperationStatus;
import io.cistern.memory.store.SessionEntry;
import io.cistern.memory.store.SessionQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One agent's view of the shared store: its own namespace (sessions it starts belong to it, and it
 * can write only to those), over the store's shared pool. Every write is an operation of the
 * durable {@link io.cistern.memory.store.OperationLog}: logged committed, with its content hash, in
 * the same transaction as its nodes and edges, or logged aborted with the reason.
 *
 * <pre>{@code
 * AgentSession agent = AgentSession.open(store, "research", Agent.create("ada", "researcher", List.of(), "gpt-4o"));
 * Session s = agent.startSession(Map.of(), List.of("demo"));
 * Prompt p = agent.prompt(s.id(), "Where does the Rhine rise?", params);
 * Response r = agent.respond(p, "In the Swiss Alps.", new TokenUsage(12, 9), "stop", 420);
 * List<LoggedOperation> history = agent.history(20);
 * }</pre>
 *
 * <p>Thread-safe: many agents share one store, and one agent may be used from several threads.
 */
public final class AgentSession {

    private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final MemoryStore store;
    private final String namespace;
    private final Agent agent;
    /**
     * Sessions already known to be in this namespace. A session never changes namespace, so one
     * check is enough; the session node itself cannot stay cached, since every append moves its
     * update time.
     */
    private final Set<String> ownSessions = ConcurrentHashMap.newKeySet();

    private AgentSession(MemoryStore store, String namespace, Agent agent) {
        this.store = store;
        this.namespace = namespace;
        this.agent = agent;
    }

    /**
     * Opens an agent's session on the store, storing (or updating) its agent node.
     *
     * @param store the shared store
     * @param namespace the agent's namespace: letters, digits, {@code . _ -}, at most 64
     * @param agent the agent
     * @return the session
     */
    public static AgentSession open(MemoryStore store, String namespace, Agent agent) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(agent, "agent");
        if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace = '" + namespace
                    + "' is not allowed; allowed: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        AgentSession session = new AgentSession(store, namespace, agent);
        session.commit("register_agent", null, List.of(agent), List.of());
        return session;
    }

    /** @return the namespace */
    public String namespace() {
        return namespace;
    }

    /** @return the agent */
    public Agent agent() {
        return agent;
    }

    /**
     * Starts a conversation in this namespace.
     *
     * @param metadata metadata, may be null
     * @param tags tags, may be null
     * @return the stored session
     */
    public Session startSession(Map<String, String> metadata, List<String> tags) {
        Session s = Session.create(namespace, metadata, tags);
        commit("start_session", s.id(), List.of(s), List.of());
        ownSessions.add(s.id());
        return s;
    }

    /**
     * Appends a prompt with its edges: {@code PART_OF} the session, {@code HANDLED_BY} this agent,
     * and {@code FOLLOWS} the session's previous prompt if there is one.
     *
     * @return the stored prompt
     */
    public Prompt prompt(String sessionId, String content, ModelParameters parameters) {
        return appendPrompt(Prompt.create(sessionId, content, parameters), null);
    }

    /**
     * Appends a prompt rendered from a template, with an {@code INSTANTIATES} edge to it besides
     * the edges of {@link #prompt(String, String, ModelParameters)}. The template must be stored.
     *
     * @return the stored prompt
     */
    public Prompt prompt(String sessionId, PromptTemplate template, Map<String, String> variables,
                         ModelParameters parameters) {
        return appendPrompt(Prompt.fromTemplate(sessionId, template, variables, parameters), template);
    }

    private Prompt appendPrompt(Prompt p, PromptTemplate template) {
        requireOwnSession(p.sessionId());
        List<Edge> edges = new ArrayList<>();
        edges.add(Edge.of(p.id(), p.sessionId(), new EdgeProperties.PartOf("user")));
        edges.add(Edge.of(p.id(), agent.id(), new EdgeProperties.HandledBy(0)));
        previousPrompt(p.sessionId()).ifPresent(prev -> edges.add(Edge.of(p, prev,
                new EdgeProperties.Follows(Math.max(0, p.createdAt().toEpochMilli() - prev.createdAt().toEpochMilli())))));
        if (template != null) {
            edges.add(Edge.of(p.id(), template.id(), new EdgeProperties.Instantiates(template.version(), p.variables())));
        }
        commit("append_prompt", p.sessionId(), List.of(p), edges);
        return p;
    }

    /**
     * Appends the response to a prompt, with {@code RESPONDS_TO} and {@code PART_OF} edges.
     *
     * @return the stored response
     */
    public Response respond(Prompt prompt, String content, TokenUsage usage, String finishReason, long latencyMillis) {
        Response r = Response.to(prompt, content, usage, finishReason, latencyMillis);
        requireOwnSession(r.sessionId());
        commit("append_response", r.sessionId(), List.of(r), List.of(
                Edge.of(r, prompt, new EdgeProperties.RespondsTo(latencyMillis)),
                Edge.of(r.id(), r.sessionId(), new EdgeProperties.PartOf("assistant"))));
        return r;
    }

    /**
     * Appends the tool invocations a response made, in call order, with {@code INVOKES} and
     * {@code PART_OF} edges, as one operation.
     *
     * @param response the response that made the calls
     * @param invocations the calls, built with {@link ToolInvocation#succeeded} or {@link ToolInvocation#failed}
     */
    public void toolsInvoked(Response response, List<ToolInvocation> invocations) {
        requireOwnSession(response.sessionId());
        List<Edge> edges = new ArrayList<>();
        for (int i = 0; i < invocations.size(); i++) {
            ToolInvocation t = invocations.get(i);
            if (!t.responseId().equals(response.id())) {
                throw new IllegalArgumentException("tool invocation " + t.id() + " belongs to response " + t.responseId()
                        + ", not " + response.id());
            }
            edges.add(Edge.of(response, t, new EdgeProperties.Invokes(i, t.success())));
            edges.add(Edge.of(t.id(), t.sessionId(), new EdgeProperties.PartOf("tool")));
        }
        commit("invoke_tools", response.sessionId(), invocations, edges);
    }

    /**
     * Records that this agent hands a conversation to another agent ({@code TRANSFERS_TO}).
     *
     * @param to the receiving agent, already stored
     * @param reason why
     * @param contextSummary what it needs to know
     */
    public void handOff(Agent to, String reason, String contextSummary) {
        commit("hand_off", null, List.of(), List.of(Edge.of(agent, to, new EdgeProperties.TransfersTo(reason, contextSummary))));
    }

    /**
     * Writes nodes and edges as one logged operation, in one transaction with its log entry
     * ({@link Batch#commitAsOperation}), or logs it aborted with the reason if the write fails.
     *
     * @param operation what the operation does, for the history
     * @param sessionId the session it writes to, or null; must belong to this namespace
     * @param nodes the nodes
     * @param edges the edges
     * @return what was written
     */
    public BatchResult commit(String operation, String sessionId, List<? extends Node> nodes, List<Edge> edges) {
        Objects.requireNonNull(operation, "operation");
        if (sessionId != null && nodes.stream().noneMatch(n -> n.id().equals(sessionId))) {
            requireOwnSession(sessionId);
        }
        Batch batch = store.batch();
        nodes.forEach(batch::add);
        edges.forEach(batch::add);
        // One transaction: the nodes, the edges and the log entry, committed; or an aborted entry.
        return batch.commitAsOperation(namespace, agent.id(), sessionId, operation,
                nodes.size() + " nodes, " + edges.size() + " edges");
    }

    /** @return this namespace's operations, newest first */
    public List<LoggedOperation> history(int limit) {
        return store.operationLog().history(namespace, null, null, null, limit);
    }

    /**
     * @param sessionId only this session's operations, or null
     * @param status only operations in this state, or null
     * @param since only operations recorded at or after this time, or null
     * @param limit at most this many
     * @return this namespace's matching operations, newest first
     */
    public List<LoggedOperation> history(String sessionId, OperationStatus status, Instant since, int limit) {
        return store.operationLog().history(namespace, sessionId, status, since, limit);
    }

    private Optional<Prompt> previousPrompt(String sessionId) {
        List<SessionEntry> last = store.sessionNodes(SessionQuery.of(sessionId).kinds(NodeKind.PROMPT).limit(1)).items();
        return last.isEmpty() ? Optional.empty() : Optional.of((Prompt) last.get(0).node());
    }

    private void requireOwnSession(String sessionId) {
        if (ownSessions.contains(sessionId)) {
            return;
        }
        Session s = store.get(sessionId, Session.class).orElseThrow(() -> new IllegalArgumentException(
                "session '" + sessionId + "' does not exist; start it with startSession"));
        if (!s.namespace().equals(namespace)) {
            throw new IllegalArgumentException("session '" + sessionId + "' belongs to namespace '" + s.namespace()
                    + "'; agent " + agent.name() + " writes only to namespace '" + namespace + "'");
        }
        ownSessions.add(sessionId);
    }
}
