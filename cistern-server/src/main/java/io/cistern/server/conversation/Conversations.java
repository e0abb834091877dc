package io.cistern.server.conversation;

import io.cistern.memory.agent.AgentSession;
import io.cistern.memory.model.Agent;
import io.cistern.memory.model.Edge;
import io.cistern.memory.model.EdgeProperties;
import io.cistern.memory.model.ModelParameters;
import io.cistern.memory.model.Node;
import io.cistern.memory.model.NodeKind;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.Response;
import io.cistern.memory.model.Session;
import io.cistern.memory.model.TokenUsage;
import io.cistern.memory.store.BatchResult;
import io.cistern.memory.store.Lineage;
import io.cistern.memory.store.LoggedOperation;
import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.SessionEntry;
import io.cistern.memory.store.SessionQuery;
import io.cistern.memory.store.StoreAccess;
import io.cistern.server.security.Grant;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Conversations on a store for callers holding a {@link Grant}. Agents are named per namespace:
 * the same name in the same namespace is the same agent node, whichever process or front door
 * writes. Thread-safe.
 */
public final class Conversations {

    /** The most turns one read returns. */
    public static final int MAX_TURNS = 1_000;
    /** The longest idempotency key. */
    public static final int MAX_KEY = 200;

    private final MemoryStore store;
    private final Map<String, AgentSession> agents = new ConcurrentHashMap<>();

    /** @param store the store the conversations live in */
    public Conversations(MemoryStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** @return the store */
    public MemoryStore store() {
        return store;
    }

    /**
     * @param grant the caller's
     * @param namespace where
     * @param agent the agent starting it, by name
     * @param metadata metadata, may be null
     * @param tags tags, may be null
     * @return the new session
     */
    public Session startSession(Grant grant, String namespace, String agent, Map<String, String> metadata, List<String> tags) {
        requireWrite(grant, namespace);
        return agent(namespace, agent).startSession(metadata, tags);
    }

    /** The result of an append: the turn, and whether an earlier append with the same key made it. */
    public record Appended(Turn turn, boolean replayed) {
    }

    /**
     * Appends a turn. With an idempotency key, the turn's id is derived from the session and the
     * key: a retry finds the first append's turn (in any process on the same database) and returns
     * it instead of appending a second.
     *
     * @param grant the caller's
     * @param sessionId the session
     * @param request the turn
     * @param idempotencyKey null, or up to {@value #MAX_KEY} characters
     * @return the stored turn
     * @throws ConversationException NOT_FOUND, FORBIDDEN, or CONFLICT when the key was used for another turn
     */
    public Appended append(Grant grant, String sessionId, TurnRequest request, String idempotencyKey) {
        Session session = session(grant, sessionId, true);
        String id;
        if (idempotencyKey != null) {
            if (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY) {
                throw new IllegalArgumentException("Idempotency-Key of " + idempotencyKey.length()
                        + " characters is not allowed; allowed: 1 to " + MAX_KEY);
            }
            id = UUID.nameUUIDFromBytes(("turn|" + sessionId + "|" + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString();
            Optional<Appended> earlier = replay(id, request);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        } else {
            id = UUID.randomUUID().toString();
        }
        AgentSession agent = agent(session.namespace(), request.agent());
        try {
            return new Appended(write(agent, session, id, request), false);
        } catch (IllegalArgumentException raced) {
            if (idempotencyKey != null) {
                // the same key appended by another request in between: the id is taken, by that turn
                Optional<Appended> earlier = replay(id, request);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
            }
            throw raced;
        }
    }

    private Optional<Appended> replay(String id, TurnRequest request) {
        Optional<SessionEntry> existing = StoreAccess.nodeUncached(store, id);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        Turn turn = Turn.of(existing.get());
        if (!turn.role().equals(request.role()) || !turn.content().equals(request.content())) {
            throw new ConversationException(ConversationException.Kind.CONFLICT,
                    "this Idempotency-Key was used for another turn (" + turn.role() + ", seq " + turn.seq()
                            + "); a retry must send the same role and content");
        }
        return Optional.of(new Appended(turn, true));
    }

    private Turn write(AgentSession agent, Session session, String id, TurnRequest request) {
        Instant now = Instant.now();
        List<Edge> edges = new ArrayList<>();
        Node node;
        String operation;
        if (request.role().equals("user")) {
            Prompt p = new Prompt(id, session.id(), now, null, request.content(), Map.of(),
                    new ModelParameters(request.model(), 1.0, 4096, List.of()));
            edges.add(Edge.of(p.id(), p.sessionId(), new EdgeProperties.PartOf("user")));
            edges.add(Edge.of(p.id(), agent.agent().id(), new EdgeProperties.HandledBy(0)));
            latestPrompt(session.id()).ifPresent(prev -> edges.add(Edge.of(p, prev,
                    new EdgeProperties.Follows(Math.max(0, p.createdAt().toEpochMilli() - prev.createdAt().toEpochMilli())))));
            node = p;
            operation = "append_prompt";
        } else {
            Prompt prompt = request.promptId() != null
                    ? store.get(request.promptId(), Prompt.class).filter(p -> p.sessionId().equals(session.id()))
                            .orElseThrow(() -> new IllegalArgumentException("promptId = '" + request.promptId()
                                    + "' is not allowed; allowed: a prompt of session " + session.id()))
                    : latestPrompt(session.id()).orElseThrow(() -> new IllegalArgumentException(
                            "role = assistant is not allowed in session " + session.id() + " yet: it has no prompt to answer"));
            long latency = Math.max(0, now.toEpochMilli() - prompt.createdAt().toEpochMilli());
            Response r = new Response(id, session.id(), prompt.id(), now, request.content(), new TokenUsage(0, 0), "stop", latency);
            edges.add(Edge.of(r, prompt, new EdgeProperties.RespondsTo(latency)));
            edges.add(Edge.of(r.id(), r.sessionId(), new EdgeProperties.PartOf("assistant")));
            node = r;
            operation = "append_response";
        }
        BatchResult written = agent.commit(operation, session.id(), List.of(node), edges);
        return Turn.of(new SessionEntry(written.sequences().getOrDefault(id, 0L), node));
    }

    /** A page of turns, oldest first. */
    public record TurnPage(List<Turn> turns, Long nextAfter) {
    }

    /**
     * @param grant the caller's
     * @param sessionId the session
     * @param after 0 for the first turns, else the seq of the last turn read
     * @param limit 1 to {@value #MAX_TURNS}
     * @return the turns after {@code after}, oldest first, and the {@code after} of the next page if it may have more
     */
    public TurnPage turns(Grant grant, String sessionId, long after, int limit) {
        checkLimit(limit);
        session(grant, sessionId, false);
        List<SessionEntry> entries = StoreAccess.turnsAfter(store, sessionId, after, limit);
        List<Turn> turns = entries.stream().map(Turn::of).toList();
        return new TurnPage(turns, turns.size() < limit ? null : turns.get(turns.size() - 1).seq());
    }

    /**
     * @param grant the caller's
     * @param sessionId the session
     * @param limit 1 to {@value #MAX_TURNS}
     * @return its latest turns, oldest first
     */
    public List<Turn> recentTurns(Grant grant, String sessionId, int limit) {
        checkLimit(limit);
        session(grant, sessionId, false);
        List<Turn> newestFirst = store.sessionNodes(SessionQuery.of(sessionId).limit(limit)).items().stream().map(Turn::of).toList();
        List<Turn> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    /**
     * @param grant the caller's
     * @param responseId a response
     * @param depth 1 to {@value MemoryStore#MAX_LINEAGE_DEPTH}
     * @return where it came from
     */
    public Lineage lineage(Grant grant, String responseId, int depth) {
        Node node = store.get(responseId).orElseThrow(() -> notFound("node '" + responseId + "' does not exist"));
        if (!(node instanceof Response r)) {
            throw new IllegalArgumentException("node '" + responseId + "' is a " + node.kind().code()
                    + "; lineage is of a response");
        }
        session(grant, r.sessionId(), false);
        return store.lineage(responseId, depth).orElseThrow(() -> notFound("node '" + responseId + "' does not exist"));
    }

    /**
     * @param grant the caller's
     * @param namespace whose log
     * @param agent only this agent's operations (by name), or null for all
     * @param sessionId only this session's, or null
     * @param limit 1 to {@value #MAX_TURNS}
     * @return the operations, newest first
     */
    public List<LoggedOperation> operations(Grant grant, String namespace, String agent, String sessionId, int limit) {
        checkLimit(limit);
        requireRead(grant, namespace);
        if (agent == null) {
            return store.operationLog().history(namespace, sessionId, null, null, limit);
        }
        String agentId = agentId(namespace, agent);
        // the log is indexed by namespace, not agent: read a wider window and keep this agent's
        return store.operationLog().history(namespace, sessionId, null, null, Math.min(SessionQuery.MAX_LIMIT, limit * 10))
                .stream().filter(o -> o.agentId().equals(agentId)).limit(limit).toList();
    }

    /** @return the agent id a name has in a namespace */
    public static String agentId(String namespace, String agent) {
        return "agent-" + UUID.nameUUIDFromBytes(("agent|" + namespace + "|" + agent).getBytes(StandardCharsets.UTF_8));
    }

    private AgentSession agent(String namespace, String name) {
        String agentName = name == null || name.isBlank() ? "client" : name;
        return agents.computeIfAbsent(namespace + "|" + agentName, k -> AgentSession.open(store, namespace,
                new Agent(agentId(namespace, agentName), Instant.now(), agentName, "agent", List.of(), "unspecified",
                        Agent.Status.IDLE, Map.of(), Map.of())));
    }

    private Optional<Prompt> latestPrompt(String sessionId) {
        List<SessionEntry> last = store.sessionNodes(SessionQuery.of(sessionId).kinds(NodeKind.PROMPT).limit(1)).items();
        return last.isEmpty() ? Optional.empty() : Optional.of((Prompt) last.get(0).node());
    }

    private Session session(Grant grant, String sessionId, boolean write) {
        Node node = StoreAccess.nodeUncached(store, sessionId).map(SessionEntry::node)
                .orElseThrow(() -> notFound("session '" + sessionId + "' does not exist"));
        if (!(node instanceof Session s)) {
            throw notFound("node '" + sessionId + "' is a " + node.kind().code() + ", not a session");
        }
        if (write) {
            requireWrite(grant, s.namespace());
        } else {
            requireRead(grant, s.namespace());
        }
        return s;
    }

    private static void requireRead(Grant grant, String namespace) {
        if (!grant.canRead(namespace)) {
            throw new ConversationException(ConversationException.Kind.FORBIDDEN,
                    "token '" + grant.name() + "' grants no access to namespace '" + namespace + "'");
        }
    }

    private static void requireWrite(Grant grant, String namespace) {
        if (!grant.canWrite(namespace)) {
            throw new ConversationException(ConversationException.Kind.FORBIDDEN, "token '" + grant.name()
                    + "' grants " + (grant.canRead(namespace) ? "only read access" : "no access") + " to namespace '"
                    + namespace + "'");
        }
    }

    private static ConversationException notFound(String message) {
        return new ConversationException(ConversationException.Kind.NOT_FOUND, message);
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_TURNS) {
            throw new IllegalArgumentException("limit = " + limit + " is not allowed; allowed: 1 to " + MAX_TURNS);
        }
    }
}
