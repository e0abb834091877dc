package io.cistern.memory.store;

import io.cistern.jdbc.statements.StatementCache;
import io.cistern.memory.model.Edge;
import io.cistern.memory.model.Node;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The durable log of agent operations. An agent's operation ({@link Batch#commitAsOperation}, what
 * {@link io.cistern.memory.agent.AgentSession} uses) is logged committed in the same transaction as
 * its writes, or logged aborted with the reason if they were refused: one transaction for a write
 * that succeeds. An operation can also be recorded before it runs ({@link #record}), then marked
 * committed with its writes ({@link Batch#commitLogged(long)}) or {@link #abort aborted}; after a
 * crash, an operation still {@link OperationStatus#RECORDED recorded} is one whose writes never
 * committed. Obtain it from {@link MemoryStore#operationLog()}.
 */
public final class OperationLog {

    private final MemoryStore store;
    private final JsonCodec json;

    OperationLog(MemoryStore store, JsonCodec json) {
        this.store = store;
        this.json = json;
    }

    /**
     * The content hash the log keeps for a write: SHA-256, in hex, of the JSON of each node and
     * then each edge, in order. Equal content gives an equal hash in any process.
     *
     * @param nodes the nodes written
     * @param edges the edges written
     * @return the hash, 64 hex digits
     */
    public String contentHash(List<? extends Node> nodes, List<Edge> edges) {
        List<String> payloads = new ArrayList<>(nodes.size());
        for (Node n : nodes) {
            payloads.add(json.write(n));
        }
        return contentHash(payloads, edges, json);
    }

    /** The same hash from the nodes' JSON, already written for their payload column. */
    static String contentHash(List<String> nodePayloads, List<Edge> edges, JsonCodec json) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        for (String payload : nodePayloads) {
            sha.update(payload.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
        }
        for (Edge e : edges) {
            sha.update(json.write(e).getBytes(StandardCharsets.UTF_8));
            sha.update((byte) '\n');
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * Records an operation about to run, in its own transaction.
     *
     * @param namespace the agent namespace
     * @param agentId the agent
     * @param sessionId the session it writes to, or null
     * @param operation what it does
     * @param contentHash SHA-256 of what it will write, hex
     * @param detail a note, or null
     * @return the operation's id
     */
    public long record(String namespace, String agentId, String sessionId, String operation, String contentHash,
                       String detail) {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(contentHash, "contentHash");
        return store.limitedWrite("record operation " + operation, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO memory_operation_log (namespace, agent_id, session_id, operation, status, content_hash, "
                            + "recorded_at, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
                ps.setString(1, namespace);
                ps.setString(2, agentId);
                ps.setString(3, sessionId);
                ps.setString(4, operation);
                ps.setString(5, OperationStatus.RECORDED.code());
                ps.setString(6, contentHash);
                ps.setLong(7, System.currentTimeMillis());
                ps.setString(8, detail);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /**
     * An agent operation's entry, written finished: {@link OperationStatus#COMMITTED committed} in
     * the transaction of its writes ({@link Batch#commitAsOperation}), or
     * {@link OperationStatus#ABORTED aborted} with the reason when they were refused.
     */
    record Entry(String namespace, String agentId, String sessionId, String operation, String detail) {
        Entry {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(agentId, "agentId");
            Objects.requireNonNull(operation, "operation");
        }
    }

    /** Inserts a finished entry in the caller's transaction. */
    static void insertFinished(Connection c, GraphSql sql, Entry entry, String contentHash, OperationStatus status,
                               String detail) throws SQLException {
        long now = System.currentTimeMillis();
        try (StatementCache.CachedStatement s = sql.statements().prepare(c,
                "INSERT INTO memory_operation_log (namespace, agent_id, session_id, operation, status, content_hash, "
                        + "recorded_at, finished_at, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            PreparedStatement ps = s.statement();
            ps.setString(1, entry.namespace());
            ps.setString(2, entry.agentId());
            ps.setString(3, entry.sessionId());
            ps.setString(4, entry.operation());
            ps.setString(5, status.code());
            ps.setString(6, contentHash);
            ps.setLong(7, now);
            ps.setLong(8, now);
            ps.setString(9, detail);
            ps.executeUpdate();
        }
    }

    /**
     * Marks a recorded operation aborted.
     *
     * @param id the operation
     * @param reason why
     * @return false if it was not in the recorded state (already committed or aborted, or unknown)
     */
    public boolean abort(long id, String reason) {
        return store.limitedWrite("abort operation " + id, c -> finish(c, id, OperationStatus.ABORTED, reason));
    }

    /** Called inside the batch's transaction: the batch and this status commit together. */
    static boolean finish(Connection c, long id, OperationStatus status, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE memory_operation_log SET status = ?, finished_at = ?, detail = COALESCE(?, detail) "
                        + "WHERE id = ? AND status = ?")) {
            ps.setString(1, status.code());
            ps.setLong(2, System.currentTimeMillis());
            ps.setString(3, detail);
            ps.setLong(4, id);
            ps.setString(5, OperationStatus.RECORDED.code());
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * @param id an operation id
     * @return the operation, if it exists
     */
    public Optional<LoggedOperation> get(long id) {
        return store.limitedRead("operation " + id, c -> {
            try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE id = ?")) {
                ps.setLong(1, id);
                List<LoggedOperation> found = read(ps);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    /**
     * The history of a namespace, newest first.
     *
     * @param namespace the agent namespace
     * @param sessionId only this session's operations, or null for all
     * @param status only operations in this state, or null for all
     * @param since only operations recorded at or after this time, or null
     * @param limit at most this many, 1 to 10,000
     * @return the operations
     */
    public List<LoggedOperation> history(String namespace, String sessionId, OperationStatus status, Instant since,
                                         int limit) {
        Objects.requireNonNull(namespace, "namespace");
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("limit = " + limit + " is not allowed; allowed: 1 to 10000");
        }
        String sql = SELECT + " WHERE namespace = ?"
                + (sessionId != null ? " AND session_id = ?" : "")
                + (status != null ? " AND status = ?" : "")
                + (since != null ? " AND recorded_at >= ?" : "")
                + " ORDER BY id DESC LIMIT ?";
        return store.limitedRead("operation history of " + namespace, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 1;
                ps.setString(i++, namespace);
                if (sessionId != null) {
                    ps.setString(i++, sessionId);
                }
                if (status != null) {
                    ps.setString(i++, status.code());
                }
                if (since != null) {
                    ps.setLong(i++, since.toEpochMilli());
                }
                ps.setInt(i, limit);
                return read(ps);
            }
        });
    }

    private static final String SELECT = "SELECT id, namespace, agent_id, session_id, operation, status, content_hash, "
            + "recorded_at, finished_at, detail FROM memory_operation_log";

    private static List<LoggedOperation> read(PreparedStatement ps) throws SQLException {
        List<LoggedOperation> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                long finished = rs.getLong(9);
                Instant finishedAt = rs.wasNull() ? null : Instant.ofEpochMilli(finished);
                out.add(new LoggedOperation(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), OperationStatus.fromCode(rs.getString(6)), rs.getString(7),
                        Instant.ofEpochMilli(rs.getLong(8)), finishedAt, rs.getString(10)));
            }
        }
        return out;
    }
}
