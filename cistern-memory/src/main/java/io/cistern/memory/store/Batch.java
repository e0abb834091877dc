package io.cistern.memory.store;

import io.cistern.memory.model.Edge;
import io.cistern.memory.model.Node;
import io.cistern.memory.model.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Nodes and edges written in one transaction and counted as one operation by the store's
 * limiter: all or nothing. Sessions, agents and templates are written first, then the turns,
 * appended to their sessions in the order added, then the edges, so an edge may join nodes of the
 * same batch. Statements go to the database as JDBC batches. Not thread-safe; use once.
 *
 * <pre>{@code
 * store.batch().add(prompt).add(Edge.of(prompt, session, new PartOf("user"))).commit();
 * }</pre>
 */
public final class Batch {

    private final MemoryStore store;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();
    private final List<Session> sessionsIfAbsent = new ArrayList<>();
    private final List<Expectation> expectations = new ArrayList<>();
    private boolean committed;

    /** A session metadata value the batch needs to find at commit time. */
    record Expectation(String sessionId, String key, String value) {
    }

    Batch(MemoryStore store) {
        this.store = store;
    }

    /** @param node a node to store @return this batch */
    public Batch add(Node node) {
        nodes.add(Objects.requireNonNull(node, "node"));
        return this;
    }

    /** @param edge an edge to store @return this batch */
    public Batch add(Edge edge) {
        edges.add(Objects.requireNonNull(edge, "edge"));
        return this;
    }

    /**
     * Creates a session unless one with its id exists already, in which case the stored one is
     * kept as it is (unlike {@link #add(Node)}, which replaces it). Two writers creating the same
     * session at once therefore both succeed and one session results. Written before the turns.
     *
     * @param session the session to create
     * @return this batch
     */
    public Batch addIfAbsent(Session session) {
        sessionsIfAbsent.add(Objects.requireNonNull(session, "session"));
        return this;
    }

    /**
     * Makes the commit conditional: at commit time, inside the write transaction and holding the
     * session's lock, the session's metadata must map {@code key} to {@code value} ({@code null}:
     * the session does not exist or lacks the key). Otherwise nothing is written and the commit
     * throws {@link SessionChangedException}. Optimistic writers use it to replace a session only
     * if nobody else did since they read it ({@link MemoryStore#sessionState}).
     *
     * @param sessionId the session
     * @param key a metadata key
     * @param value the value expected, or null for none
     * @return this batch
     */
    public Batch expectSessionMetadata(String sessionId, String key, String value) {
        expectations.add(new Expectation(Objects.requireNonNull(sessionId, "sessionId"),
                Objects.requireNonNull(key, "key"), value));
        return this;
    }

    /** @return nodes added so far */
    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** @return edges added so far */
    public List<Edge> edges() {
        return List.copyOf(edges);
    }

    /**
     * Writes everything in one transaction.
     *
     * @return what was written
     * @throws IllegalStateException if the batch was committed already
     * @throws IllegalArgumentException if a node or edge is refused (nothing is written then)
     * @throws MemoryStoreException if the database fails (nothing is written then)
     */
    public BatchResult commit() {
        return commit(0);
    }

    /**
     * Writes everything in one transaction that also marks a recorded operation of the
     * {@link OperationLog} committed: the write and its log entry succeed or fail together.
     *
     * @param operationId an operation {@link OperationLog#record recorded} and not finished yet
     * @return what was written
     * @throws IllegalStateException if the batch was committed already, or the operation is not
     *     in the recorded state (nothing is written then)
     */
    public BatchResult commitLogged(long operationId) {
        if (operationId < 1) {
            throw new IllegalArgumentException("operationId = " + operationId + " is not allowed; allowed: an id from OperationLog.record");
        }
        return commit(operationId);
    }

    /**
     * Writes everything in one transaction together with its entry in the {@link OperationLog},
     * logged {@link OperationStatus#COMMITTED committed}: one transaction, where
     * {@link OperationLog#record} and {@link #commitLogged(long)} take two. If the write is refused
     * or fails, nothing of it is written and the entry is logged {@link OperationStatus#ABORTED
     * aborted} with the reason instead (in a transaction of its own), then the error is thrown.
     *
     * @param namespace the agent namespace
     * @param agentId the agent
     * @param sessionId the session written to, or null
     * @param operation what it does, for the history
     * @param detail a note, or null
     * @return what was written
     * @throws IllegalStateException if the batch was committed already
     * @throws IllegalArgumentException if a node or edge is refused
     * @throws MemoryStoreException if the database fails
     */
    public BatchResult commitAsOperation(String namespace, String agentId, String sessionId, String operation,
                                         String detail) {
        OperationLog.Entry entry = new OperationLog.Entry(namespace, agentId, sessionId, operation, detail);
        checkUnused();
        return store.commit(sessionsIfAbsent, expectations, nodes, edges, 0, entry);
    }

    private BatchResult commit(long operationId) {
        checkUnused();
        return store.commit(sessionsIfAbsent, expectations, nodes, edges, operationId, null);
    }

    private void checkUnused() {
        if (committed) {
            throw new IllegalStateException("batch of " + nodes.size() + " nodes and " + edges.size()
                    + " edges was committed already; a batch is used once");
        }
        committed = true;
    }
}
