package io.cistern.memory.store;

import io.cistern.memory.model.Edge;
import io.cistern.memory.model.EdgeKind;
import io.cistern.memory.model.EdgeProperties;
import io.cistern.memory.model.Node;
import io.cistern.memory.model.NodeKind;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.PromptTemplate;
import io.cistern.memory.model.Response;
import io.cistern.memory.model.Session;
import io.cistern.memory.model.ToolInvocation;
import io.cistern.jdbc.statements.StatementCache;
import io.cistern.jdbc.statements.StatementCache.CachedStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.TreeMap;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.StringJoiner;

/** The store's SQL, one method per statement or small group, on a connection the caller owns. Prepared statements only. */
final class GraphSql {

    private static final String NODE_COLUMNS = "n.id, n.kind, n.seq, n.payload";
    /** Ids per IN list: far below SQLite's 32,766 and PostgreSQL's 65,535 bind parameters. */
    private static final int IN_CHUNK = 500;
    /**
     * A batch insert is sent every this many rows. The statements stay prepared per connection, and
     * SQLite's driver clears a statement's whole batch buffer, as large as the largest batch it ever
     * held, on every use: one import of 10,000 turns would make every later single insert on that
     * connection pay for 10,000 rows.
     */
    static final int BATCH_ROWS = 256;

    private final JsonCodec json;
    private final StatementCache statements;
    private final ParsedNodes parsed;

    /**
     * @param statements where the hot statements come from: kept prepared per connection on
     *     SQLite, {@link StatementCache#none()} on PostgreSQL (pgjdbc prepares server-side itself)
     * @param parsed nodes read or written before, so that their payloads are not parsed again
     */
    GraphSql(JsonCodec json, StatementCache statements, ParsedNodes parsed) {
        this.json = json;
        this.statements = statements;
        this.parsed = parsed;
    }

    StatementCache statements() {
        return statements;
    }

    // ---- nodes ---------------------------------------------------------------------------------

    /**
     * A batch's nodes with their JSON, written once: the content hash of the operation log and the
     * payload column are the same text.
     */
    record NodeRows(List<Node> nodes, List<String> payloads) {
        static NodeRows of(List<Node> nodes, JsonCodec json) {
            List<String> payloads = new ArrayList<>(nodes.size());
            for (Node n : nodes) {
                payloads.add(json.write(n));
            }
            return new NodeRows(nodes, payloads);
        }
    }

    /**
     * Writes a batch's nodes: sessions, agents and templates first (inserted or replaced), then the
     * turns, appended to their sessions in the order given. The JSON is written before the
     * transaction, so that SQLite's single writer is held for the SQL alone. A turn whose id is taken fails the
     * insert with a constraint error, reported as {@link RefusedWrite} for {@link #explain} to name.
     *
     * @return the sequence number of each turn, by id
     */
    Map<String, Long> writeNodes(Connection c, NodeRows rows) throws SQLException {
        List<Node> nodes = rows.nodes();
        List<Integer> turns = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (n.kind().isTurn()) {
                turns.add(i);
            } else {
                upsertNode(c, n, rows.payloads().get(i));
                if (n instanceof Session s) {
                    upsertSession(c, s);
                }
            }
        }
        return turns.isEmpty() ? Map.of() : appendTurns(c, rows, turns);
    }

    /**
     * One {@code UPDATE ... RETURNING} per session reserves as many sequence numbers as the batch
     * appends to it. The UPDATE takes the session row's write lock (PostgreSQL) inside the caller's
     * transaction, or runs under SQLite's single IMMEDIATE writer: concurrent appends to one session
     * are serialised here, and each gets its numbers exactly once. Sessions are locked in id order so
     * that two batches touching the same sessions cannot deadlock. UNIQUE (session_id, seq) backs
     * this up. Then JDBC batches ({@link #BATCH_ROWS} rows each) insert every turn.
     */
    private Map<String, Long> appendTurns(Connection c, NodeRows rows, List<Integer> turns) throws SQLException {
        Map<String, List<Node>> bySession = new TreeMap<>();
        Set<String> ids = new HashSet<>();
        for (int i : turns) {
            Node t = rows.nodes().get(i);
            bySession.computeIfAbsent(t.sessionId(), k -> new ArrayList<>()).add(t);
            if (!ids.add(t.id())) {
                throw new IllegalArgumentException(t.kind().code() + " id '" + t.id() + "' appears twice in the batch");
            }
        }
        Map<String, Long> sequences = new HashMap<>();
        try (CachedStatement reserve = statements.prepare(c,
                "UPDATE memory_sessions SET last_seq = last_seq + ?, "
                        + "updated_at = CASE WHEN updated_at > ? THEN updated_at ELSE ? END WHERE id = ? RETURNING last_seq")) {
            PreparedStatement ps = reserve.statement();
            for (Map.Entry<String, List<Node>> e : bySession.entrySet()) {
                List<Node> own = e.getValue();
                long newest = own.stream().mapToLong(n -> n.createdAt().toEpochMilli()).max().orElseThrow();
                ps.setInt(1, own.size());
                ps.setLong(2, newest);
                ps.setLong(3, newest);
                ps.setString(4, e.getKey());
                long seq;
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalArgumentException(own.get(0).kind().code() + " " + own.get(0).id() + ": session '"
                                + e.getKey() + "' does not exist; store the session first");
                    }
                    seq = rs.getLong(1) - own.size();
                }
                for (Node n : own) {
                    sequences.put(n.id(), ++seq);
                }
            }
        }
        try (CachedStatement insert = statements.prepare(c,
                "INSERT INTO memory_nodes (id, kind, session_id, seq, created_at, payload) VALUES (?, ?, ?, ?, ?, ?)")) {
            PreparedStatement ps = insert.statement();
            int pending = 0;
            for (int i : turns) {
                Node n = rows.nodes().get(i);
                ps.setString(1, n.id());
                ps.setString(2, n.kind().code());
                ps.setString(3, n.sessionId());
                ps.setLong(4, sequences.get(n.id()));
                ps.setLong(5, n.createdAt().toEpochMilli());
                ps.setString(6, rows.payloads().get(i));
                ps.addBatch();
                if (++pending == BATCH_ROWS) {
                    executeBatch(ps);
                    pending = 0;
                }
            }
            if (pending > 0) {
                executeBatch(ps);
            }
        }
        Map<String, Long> inOrder = new LinkedHashMap<>();
        for (int i : turns) {
            String id = rows.nodes().get(i).id();
            inOrder.put(id, sequences.get(id));
        }
        return inOrder;
    }

    /** A node or edge insert that the database refused, most likely on a key: {@link #explain} says which. */
    static final class RefusedWrite extends RuntimeException {
        RefusedWrite(SQLException cause) {
            super(cause.getMessage(), cause);
        }

        SQLException sqlCause() {
            return (SQLException) getCause();
        }
    }

    private static void executeBatch(PreparedStatement ps) throws SQLException {
        try {
            ps.executeBatch();
        } catch (SQLException e) {
            throw new RefusedWrite(e);
        }
    }

    /**
     * After a {@link RefusedWrite} (and its rollback): the reason a caller can act on, checked in
     * bulk on a connection of its own: a turn id already taken, or an edge's end that does not exist.
     *
     * @return the reason, or empty if the nodes and edges do not explain the refusal
     */
    Optional<IllegalArgumentException> explain(Connection c, List<Node> nodes, List<Edge> edges) throws SQLException {
        Set<String> turnIds = new LinkedHashSet<>();
        for (Node n : nodes) {
            if (n.kind().isTurn()) {
                turnIds.add(n.id());
            }
        }
        Set<String> taken = existing(c, turnIds);
        if (!taken.isEmpty()) {
            return Optional.of(new IllegalArgumentException("turn id '" + taken.iterator().next()
                    + "' already exists; turns are append-only, store a new turn with a new id"));
        }
        Set<String> ends = new LinkedHashSet<>();
        for (Edge e : edges) {
            ends.add(e.fromId());
            ends.add(e.toId());
        }
        Set<String> found = existing(c, ends);
        for (Node n : nodes) {
            found.add(n.id()); // written by the same batch, had it committed
        }
        for (Edge e : edges) {
            for (String end : List.of(e.fromId(), e.toId())) {
                if (!found.contains(end)) {
                    return Optional.of(new IllegalArgumentException(e.kind().code() + " edge " + e.id() + ": node '" + end
                            + "' does not exist; store both nodes before the edge"));
                }
            }
        }
        return Optional.empty();
    }

    /** @return which of {@code ids} are stored, asked in chunks of {@value #IN_CHUNK} */
    private static Set<String> existing(Connection c, Collection<String> ids) throws SQLException {
        Set<String> found = new HashSet<>();
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += IN_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
            StringJoiner in = new StringJoiner(", ", "SELECT id FROM memory_nodes WHERE id IN (", ")");
            chunk.forEach(x -> in.add("?"));
            try (PreparedStatement ps = c.prepareStatement(in.toString())) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
        }
        return found;
    }

    private void upsertNode(Connection c, Node node, String payload) throws SQLException {
        try (CachedStatement s = statements.prepare(c,
                "INSERT INTO memory_nodes (id, kind, session_id, seq, created_at, payload) VALUES (?, ?, NULL, NULL, ?, ?) "
                        + "ON CONFLICT (id) DO UPDATE SET payload = excluded.payload, created_at = excluded.created_at "
                        + "WHERE memory_nodes.kind = excluded.kind")) {
            PreparedStatement ps = s.statement();
            ps.setString(1, node.id());
            ps.setString(2, node.kind().code());
            ps.setLong(3, node.createdAt().toEpochMilli());
            ps.setString(4, payload);
            if (ps.executeUpdate() != 1) {
                throw new IllegalArgumentException("id '" + node.id() + "' already belongs to a node of another kind than "
                        + node.kind().code());
            }
        }
    }

    private void upsertSession(Connection c, Session s) throws SQLException {
        try (CachedStatement cs = statements.prepare(c,
                "INSERT INTO memory_sessions (id, namespace, last_seq, updated_at) VALUES (?, ?, 0, ?) "
                        + "ON CONFLICT (id) DO UPDATE SET updated_at = CASE WHEN memory_sessions.updated_at > excluded.updated_at "
                        + "THEN memory_sessions.updated_at ELSE excluded.updated_at END "
                        + "WHERE memory_sessions.namespace = excluded.namespace")) {
            PreparedStatement ps = cs.statement();
            ps.setString(1, s.id());
            ps.setString(2, s.namespace());
            ps.setLong(3, s.updatedAt().toEpochMilli());
            if (ps.executeUpdate() != 1) {
                throw new IllegalArgumentException("session '" + s.id() + "' belongs to another namespace than '"
                        + s.namespace() + "'; a session cannot change namespace");
            }
        }
    }

    Optional<Node> node(Connection c, String id) throws SQLException {
        try (CachedStatement cs = statements.prepare(c,
                "SELECT n.kind, n.payload, s.updated_at FROM memory_nodes n LEFT JOIN memory_sessions s ON s.id = n.id "
                        + "WHERE n.id = ?")) {
            PreparedStatement ps = cs.statement();
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Node node = parsed.read(id, rs.getString(1), rs.getString(2));
                if (node instanceof Session s) {
                    // The payload keeps the session as created; appends move only memory_sessions.updated_at.
                    node = new Session(s.id(), s.namespace(), s.createdAt(), Instant.ofEpochMilli(rs.getLong(3)),
                            s.metadata(), s.tags());
                }
                return Optional.of(node);
            }
        }
    }

    /** What a deletion removed, for cache invalidation. */
    record Deleted(String id, NodeKind kind, String sessionId, List<String> cascadedTurns) {
    }

    Optional<Deleted> deleteNode(Connection c, String id) throws SQLException {
        NodeKind kind;
        String sessionId;
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, session_id FROM memory_nodes WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                kind = NodeKind.fromCode(rs.getString(1));
                sessionId = rs.getString(2);
            }
        }
        List<String> turns = new ArrayList<>();
        if (kind == NodeKind.SESSION) {
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM memory_nodes WHERE session_id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        turns.add(rs.getString(1));
                    }
                }
            }
        }
        // ON DELETE CASCADE removes the session's turns, the session counter row and every edge that
        // touches a removed node, in this transaction.
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM memory_nodes WHERE id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
        return Optional.of(new Deleted(id, kind, sessionId, turns));
    }

    // ---- edges ---------------------------------------------------------------------------------

    /** A batch's edges with the JSON of their properties, written before the transaction. */
    record EdgeRows(List<Edge> edges, List<String> properties) {
        static EdgeRows of(List<Edge> edges, JsonCodec json) {
            List<String> properties = new ArrayList<>(edges.size());
            for (Edge e : edges) {
                properties.add(json.write(e.properties()));
            }
            return new EdgeRows(edges, properties);
        }
    }

    /**
     * Inserts edges in JDBC batches of {@link #BATCH_ROWS}; the foreign keys check that both ends exist (an end missing
     * fails the batch as a {@link RefusedWrite}, which {@link #explain} names).
     */
    void insertEdges(Connection c, EdgeRows rows) throws SQLException {
        try (CachedStatement s = statements.prepare(c,
                "INSERT INTO memory_edges (id, kind, from_id, to_id, created_at, properties) VALUES (?, ?, ?, ?, ?, ?)")) {
            PreparedStatement ps = s.statement();
            for (int i = 0; i < rows.edges().size(); i++) {
                Edge edge = rows.edges().get(i);
                ps.setString(1, edge.id());
                ps.setString(2, edge.kind().code());
                ps.setString(3, edge.fromId());
                ps.setString(4, edge.toId());
                ps.setLong(5, edge.createdAt().toEpochMilli());
                ps.setString(6, rows.properties().get(i));
                ps.addBatch();
                if ((i + 1) % BATCH_ROWS == 0) {
                    executeBatch(ps);
                }
            }
            if (rows.edges().size() % BATCH_ROWS != 0) {
                executeBatch(ps);
            }
        }
    }

    Optional<Edge> edge(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, kind, from_id, to_id, created_at, properties FROM memory_edges WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(readEdge(rs)) : Optional.empty();
            }
        }
    }

    Optional<Edge> deleteEdge(Connection c, String id) throws SQLException {
        Optional<Edge> edge = edge(c, id);
        if (edge.isPresent()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM memory_edges WHERE id = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
        }
        return edge;
    }

    /** @param outgoing true for edges from the node, false for edges to it */
    List<Edge> edges(Connection c, String nodeId, boolean outgoing, Set<EdgeKind> kinds) throws SQLException {
        String end = outgoing ? "from_id" : "to_id";
        String sql = "SELECT id, kind, from_id, to_id, created_at, properties FROM memory_edges WHERE " + end + " = ?"
                + kindFilter("kind", kinds.size()) + " ORDER BY created_at, id";
        try (CachedStatement cs = statements.prepare(c, sql)) {
            PreparedStatement ps = cs.statement();
            int i = 1;
            ps.setString(i++, nodeId);
            for (EdgeKind k : kinds) {
                ps.setString(i++, k.code());
            }
            List<Edge> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(readEdge(rs));
                }
            }
            return out;
        }
    }

    private Edge readEdge(ResultSet rs) throws SQLException {
        EdgeProperties props = json.readProperties(rs.getString(2), rs.getString(6));
        return new Edge(rs.getString(1), rs.getString(3), rs.getString(4), Instant.ofEpochMilli(rs.getLong(5)), props);
    }

    /** A placeholder per value: the statement stays prepared whatever the filter. */
    private static String kindFilter(String column, int count) {
        if (count == 0) {
            return "";
        }
        StringJoiner in = new StringJoiner(", ", " AND " + column + " IN (", ")");
        for (int i = 0; i < count; i++) {
            in.add("?");
        }
        return in.toString();
    }

    // ---- sessions ------------------------------------------------------------------------------

    Page<SessionEntry> sessionPage(Connection c, SessionQuery q) throws SQLException {
        String sql = "SELECT " + NODE_COLUMNS + " FROM memory_nodes n WHERE n.session_id = ? AND n.seq < ?"
                + kindFilter("n.kind", q.kinds().size())
                + (q.from() != null ? " AND n.created_at >= ?" : "")
                + (q.to() != null ? " AND n.created_at < ?" : "")
                + " ORDER BY n.seq DESC LIMIT ?";
        try (CachedStatement cs = statements.prepare(c, sql)) {
            PreparedStatement ps = cs.statement();
            int i = 1;
            ps.setString(i++, q.sessionId());
            ps.setLong(i++, q.cursor());
            for (NodeKind k : q.kinds()) {
                ps.setString(i++, k.code());
            }
            if (q.from() != null) {
                ps.setLong(i++, q.from().toEpochMilli());
            }
            if (q.to() != null) {
                ps.setLong(i++, q.to().toEpochMilli());
            }
            // One row more than the page tells whether another page follows without a count.
            ps.setInt(i, q.limit() + 1);
            List<SessionEntry> rows = readEntries(ps);
            if (rows.size() > q.limit()) {
                rows = rows.subList(0, q.limit());
                return new Page<>(rows, OptionalLong.of(rows.get(rows.size() - 1).seq()));
            }
            return new Page<>(rows, OptionalLong.empty());
        }
    }

    /** Turns after {@code afterSeq}, oldest first. */
    List<SessionEntry> turnsAfter(Connection c, String sessionId, long afterSeq, int limit) throws SQLException {
        try (CachedStatement cs = statements.prepare(c, "SELECT " + NODE_COLUMNS
                + " FROM memory_nodes n WHERE n.session_id = ? AND n.seq > ? ORDER BY n.seq LIMIT ?")) {
            PreparedStatement ps = cs.statement();
            ps.setString(1, sessionId);
            ps.setLong(2, afterSeq);
            ps.setInt(3, limit);
            return readEntries(ps);
        }
    }

    private List<SessionEntry> readEntries(PreparedStatement ps) throws SQLException {
        List<SessionEntry> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new SessionEntry(rs.getLong(3), parsed.read(rs.getString(1), rs.getString(2), rs.getString(4))));
            }
        }
        return out;
    }

    // ---- lineage -------------------------------------------------------------------------------

    Optional<Lineage> lineage(Connection c, String responseId, int depth) throws SQLException {
        Optional<Node> root = node(c, responseId);
        if (root.isEmpty()) {
            return Optional.empty();
        }
        if (!(root.get() instanceof Response response)) {
            throw new IllegalArgumentException("node '" + responseId + "' is a " + root.get().kind().code()
                    + "; lineage starts from a response");
        }
        List<Prompt> prompts = chain(c, responseId, EdgeKind.RESPONDS_TO, EdgeKind.FOLLOWS, depth, Prompt.class);
        Prompt prompt = prompts.isEmpty() ? null : prompts.get(0);
        List<Prompt> earlier = prompts.isEmpty() ? List.of() : prompts.subList(1, prompts.size());
        List<PromptTemplate> templates = prompt == null ? List.of()
                : chain(c, prompt.id(), EdgeKind.INSTANTIATES, EdgeKind.INHERITS, depth, PromptTemplate.class);
        List<ToolInvocation> tools = new ArrayList<>();
        List<Edge> invokes = edges(c, responseId, true, Set.of(EdgeKind.INVOKES));
        invokes.sort((a, b) -> Integer.compare(((EdgeProperties.Invokes) a.properties()).order(),
                ((EdgeProperties.Invokes) b.properties()).order()));
        for (Edge e : invokes) {
            node(c, e.toId()).filter(ToolInvocation.class::isInstance).map(ToolInvocation.class::cast).ifPresent(tools::add);
        }
        return Optional.of(new Lineage(response, prompt, earlier, templates, tools));
    }

    /**
     * One chain of a lineage: the walk, then its nodes by id. {@code CROSS JOIN} fixes the join
     * order on SQLite, walk first: with a plain {@code JOIN}, SQLite 3.50 runs the walk as a
     * co-routine and scans the whole of {@code memory_nodes} against an automatic index on it, so
     * that a lineage cost time in proportion to the store's size (0.6 ms per chain at 4,000 nodes,
     * against 0.02 ms walking first). PostgreSQL reads the {@code CROSS JOIN ... WHERE} as the same
     * inner join and plans it as before.
     */
    static final String CHAIN = "WITH RECURSIVE walk (id, depth) AS ("
            + " SELECT e.to_id, 1 FROM memory_edges e WHERE e.from_id = ? AND e.kind = ?"
            + " UNION ALL"
            + " SELECT e.to_id, w.depth + 1 FROM memory_edges e JOIN walk w ON e.from_id = w.id"
            + " WHERE e.kind = ? AND w.depth < ?)"
            + " SELECT n.kind, n.payload, w.depth, n.id FROM walk w CROSS JOIN memory_nodes n WHERE n.id = w.id ORDER BY w.depth";

    /**
     * Walks one {@code first} edge from {@code start}, then {@code then} edges, up to {@code depth}
     * nodes, in one recursive query. The depth bound also ends a walk around a cycle.
     */
    private <T extends Node> List<T> chain(Connection c, String start, EdgeKind first, EdgeKind then, int depth,
                                           Class<T> type) throws SQLException {
        try (CachedStatement cs = statements.prepare(c, CHAIN)) {
            PreparedStatement ps = cs.statement();
            ps.setString(1, start);
            ps.setString(2, first.code());
            ps.setString(3, then.code());
            ps.setInt(4, depth);
            List<T> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Node n = parsed.read(rs.getString(4), rs.getString(1), rs.getString(2));
                    if (type.isInstance(n)) {
                        out.add(type.cast(n));
                    }
                }
            }
            return out;
        }
    }

    // ---- statistics ----------------------------------------------------------------------------

    Map<NodeKind, Long> nodeCounts(Connection c) throws SQLException {
        Map<NodeKind, Long> counts = new EnumMap<>(NodeKind.class);
        for (NodeKind k : NodeKind.values()) {
            counts.put(k, 0L);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, COUNT(*) FROM memory_nodes GROUP BY kind");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(NodeKind.fromCode(rs.getString(1)), rs.getLong(2));
            }
        }
        return counts;
    }

    Map<EdgeKind, Long> edgeCounts(Connection c) throws SQLException {
        Map<EdgeKind, Long> counts = new EnumMap<>(EdgeKind.class);
        for (EdgeKind k : EdgeKind.values()) {
            counts.put(k, 0L);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, COUNT(*) FROM memory_edges GROUP BY kind");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(EdgeKind.fromCode(rs.getString(1)), rs.getLong(2));
            }
        }
        return counts;
    }

    long count(Connection c, String table) throws SQLException {
        // A table name cannot be a bind parameter; table is a literal in the caller's source
        // (MemoryStore's statistics pass "memory_operation_log"), never input.
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    long postgresBytes(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pg_total_relation_size('memory_nodes') + pg_total_relation_size('memory_sessions') "
                        + "+ pg_total_relation_size('memory_edges') + pg_total_relation_size('memory_operation_log')"
                        + " + pg_total_relation_size('memory_embeddings')");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
