package io.cistern.memory.embedding;

import io.cistern.jdbc.statements.StatementCache;
import io.cistern.jdbc.statements.StatementCache.CachedStatement;
import io.cistern.memory.model.NodeKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/** The SQL of {@code memory_embeddings}, on a connection and in a transaction the caller owns. */
final class EmbeddingSql {

    /** Rows PostgreSQL sends per round trip of a scan: the scan streams, it never holds a namespace. */
    static final int SCAN_FETCH_SIZE = 512;

    /**
     * Takes the namespace, session and kind from the turn and its session in the same statement, so
     * a turn deleted meanwhile (background embedding) inserts nothing instead of failing; a vector
     * of another model is replaced.
     */
    private static final String UPSERT = "INSERT INTO memory_embeddings "
            + "(node_id, namespace, session_id, kind, model, dimensions, vector, created_at) "
            + "SELECT n.id, s.namespace, n.session_id, n.kind, ?, ?, ?, ? "
            + "FROM memory_nodes n JOIN memory_sessions s ON s.id = n.session_id WHERE n.id = ? "
            + "ON CONFLICT (node_id) DO UPDATE SET model = excluded.model, dimensions = excluded.dimensions, "
            + "vector = excluded.vector, created_at = excluded.created_at";

    private final boolean postgres;
    private final StatementCache statements;

    EmbeddingSql(boolean postgres, StatementCache statements) {
        this.postgres = postgres;
        this.statements = statements;
    }

    /** A unit vector of a turn, ready to store. */
    record Row(String nodeId, float[] unit) {
    }

    void upsert(Connection c, String model, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        long now = System.currentTimeMillis();
        try (CachedStatement cached = statements.prepare(c, UPSERT)) {
            PreparedStatement ps = cached.statement();
            for (Row r : rows) {
                ps.setString(1, model);
                ps.setInt(2, r.unit().length);
                if (postgres) {
                    Float[] boxed = new Float[r.unit().length];
                    for (int i = 0; i < boxed.length; i++) {
                        boxed[i] = r.unit()[i];
                    }
                    ps.setArray(3, c.createArrayOf("float4", boxed));
                } else {
                    ps.setBytes(3, VectorCodec.toLittleEndian(r.unit()));
                }
                ps.setLong(4, now);
                ps.setString(5, r.nodeId());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * The exact top k of one namespace and model: every row of the (namespace, model) index range,
     * streamed, decoded into one reused buffer, scored, and kept only while it is among the best k.
     *
     * @throws IllegalStateException if a stored vector of this model has other dimensions (another
     *     model stored under the same name)
     */
    List<SemanticHit> scan(Connection c, SemanticQuery q, String model, float[] unitQuery, DotProduct dot)
            throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(postgres ? "array_send(vector)" : "vector")
                .append(", dimensions, node_id, session_id, kind FROM memory_embeddings WHERE namespace = ? AND model = ?");
        if (q.sessionId().isPresent()) {
            sql.append(" AND session_id = ?");
        }
        Set<NodeKind> kinds = q.kinds();
        if (!kinds.isEmpty()) {
            StringJoiner in = new StringJoiner(", ", " AND kind IN (", ")");
            kinds.forEach(k -> in.add("?"));
            sql.append(in);
        }
        TopK top = new TopK(q.k());
        float[] stored = new float[unitQuery.length];
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            ps.setString(p++, q.namespace());
            ps.setString(p++, model);
            if (q.sessionId().isPresent()) {
                ps.setString(p++, q.sessionId().get());
            }
            for (NodeKind k : kinds) {
                ps.setString(p++, k.code());
            }
            ps.setFetchSize(SCAN_FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byte[] bytes = rs.getBytes(1);
                    // nothing else is read from a row unless it is a hit or malformed: on SQLite every
                    // column read is a JNI call, a good part of a row's cost
                    if (!(postgres ? VectorCodec.fromArraySend(bytes, stored) : VectorCodec.fromLittleEndian(bytes, stored))) {
                        throw malformed(rs, model, stored.length, bytes.length);
                    }
                    float score = dot.dot(unitQuery, stored);
                    if (top.admits(score)) {
                        top.offer(new SemanticHit(rs.getString(3), rs.getString(4), NodeKind.fromCode(rs.getString(5)), score));
                    }
                }
            }
        }
        return top.best();
    }

    private static IllegalStateException malformed(ResultSet rs, String model, int expected, int bytes) throws SQLException {
        int dimensions = rs.getInt(2);
        if (dimensions != expected) {
            return new IllegalStateException("the store holds a vector of " + dimensions + " dimensions for node "
                    + rs.getString(3) + " under model '" + model + "', which has " + expected
                    + ": two models share that name; give each model a name of its own");
        }
        return new IllegalStateException("the stored vector of node " + rs.getString(3) + " is malformed: " + bytes
                + " bytes for " + expected + " dimensions");
    }

    /** @return up to {@code limit} ids of turns after {@code afterId} without a vector of {@code model}, in id order */
    List<String> unembedded(Connection c, String model, String afterId, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT n.id FROM memory_nodes n WHERE n.id > ? "
                + "AND n.kind IN ('prompt', 'response', 'tool_invocation') AND NOT EXISTS "
                + "(SELECT 1 FROM memory_embeddings e WHERE e.node_id = n.id AND e.model = ?) ORDER BY n.id LIMIT ?")) {
            ps.setString(1, afterId);
            ps.setString(2, model);
            ps.setInt(3, limit);
            List<String> ids = new ArrayList<>(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }

    long count(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM memory_embeddings");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
