package io.cistern.bench.memory;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.cistern.memory.model.Agent;
import io.cistern.memory.model.Edge;
import io.cistern.memory.model.EdgeProperties;
import io.cistern.memory.model.Node;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.Response;
import io.cistern.memory.model.Session;
import io.cistern.memory.model.TokenUsage;
import io.cistern.memory.model.ToolInvocation;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * The limit: the rows Cistern's store writes for a turn (its nodes, edges, the session counter and
 * three committed operation-log rows, with their JSON and content hashes), written with plain JDBC
 * on one connection, statements prepared once, one JDBC batch per table and one transaction per
 * turn. Agents take turns on the connection under a lock. It checks nothing, logs nothing before
 * the write, caches nothing: no store can do less for the same rows.
 */
final class PlainJdbcContender implements Contender {
    private final Connection c;
    private final ReentrantLock lock = new ReentrantLock();
    private final ObjectMapper json;
    private final PreparedStatement insertNode;
    private final PreparedStatement insertSession;
    private final PreparedStatement bumpSession;
    private final PreparedStatement insertEdge;
    private final PreparedStatement insertLog;
    private final PreparedStatement recent;

    PlainJdbcContender(Connection connection) throws SQLException {
        this.c = connection;
        c.setAutoCommit(false);
        SimpleModule instants = new SimpleModule("bench-instants");
        instants.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeNumber(value.toEpochMilli());
            }
        });
        json = new ObjectMapper().registerModule(instants);
        insertNode = c.prepareStatement(
                "INSERT INTO memory_nodes (id, kind, session_id, seq, created_at, payload) VALUES (?, ?, ?, ?, ?, ?)");
        insertSession = c.prepareStatement("INSERT INTO memory_sessions (id, namespace, last_seq, updated_at) VALUES (?, ?, 0, ?)");
        bumpSession = c.prepareStatement("UPDATE memory_sessions SET last_seq = last_seq + ?, updated_at = ? WHERE id = ?");
        insertEdge = c.prepareStatement(
                "INSERT INTO memory_edges (id, kind, from_id, to_id, created_at, properties) VALUES (?, ?, ?, ?, ?, ?)");
        insertLog = c.prepareStatement("INSERT INTO memory_operation_log (namespace, agent_id, session_id, operation, status, "
                + "content_hash, recorded_at, finished_at, detail) VALUES (?, ?, ?, ?, 'committed', ?, ?, ?, ?)");
        recent = c.prepareStatement(
                "SELECT id, kind, seq, payload FROM memory_nodes WHERE session_id = ? ORDER BY seq DESC LIMIT " + Turns.RECENT);
    }

    @Override
    public AgentLoop agent(int index) throws SQLException {
        Agent agent = Agent.create("agent-" + index, "researcher", List.of("web_search", "calculator"), "gpt-4o");
        String namespace = "bench-" + index;
        locked(() -> {
            node(agent, null, 0);
            insertNode.executeBatch();
            c.commit();
        });
        return new AgentLoop() {
            private Session session;
            private long seq;
            private Prompt previous;

            @Override
            public void newConversation() throws SQLException {
                Session s = Session.create(namespace, Map.of("bench", "memory-write"), List.of("bench"));
                locked(() -> {
                    node(s, null, 0);
                    insertNode.executeBatch();
                    insertSession.setString(1, s.id());
                    insertSession.setString(2, namespace);
                    insertSession.setLong(3, s.updatedAt().toEpochMilli());
                    insertSession.executeUpdate();
                    c.commit();
                });
                session = s;
                seq = 0;
                previous = null;
            }

            @Override
            public void turn(int t, LongConsumer appendNanos) throws SQLException {
                long start = System.nanoTime();
                Prompt p = Prompt.create(session.id(), Turns.prompt(index, t), Turns.PARAMETERS);
                Response r = Response.to(p, Turns.response(index, t), new TokenUsage(120, 300), "stop", 800);
                List<Node> nodes = new ArrayList<>(List.of(p, r));
                List<Edge> edges = new ArrayList<>();
                edges.add(Edge.of(p.id(), session.id(), new EdgeProperties.PartOf("user")));
                edges.add(Edge.of(p.id(), agent.id(), new EdgeProperties.HandledBy(0)));
                if (previous != null) {
                    edges.add(Edge.of(p, previous, new EdgeProperties.Follows(1)));
                }
                edges.add(Edge.of(r, p, new EdgeProperties.RespondsTo(800)));
                edges.add(Edge.of(r.id(), session.id(), new EdgeProperties.PartOf("assistant")));
                for (int call = 0; call < Turns.toolCalls(t); call++) {
                    ToolInvocation tool = ToolInvocation.succeeded(r, Turns.toolName(call), Turns.toolParameters(t, call),
                            Turns.toolResult(t, call), 35, 0);
                    nodes.add(tool);
                    edges.add(Edge.of(r, tool, new EdgeProperties.Invokes(call, true)));
                    edges.add(Edge.of(tool.id(), session.id(), new EdgeProperties.PartOf("tool")));
                }
                locked(() -> {
                    long now = System.currentTimeMillis();
                    String[] hashes = new String[3];
                    for (Node n : nodes) {
                        String payload = node(n, session.id(), ++seq);
                        hashes[Math.min(2, nodes.indexOf(n))] = sha256(payload);
                    }
                    insertNode.executeBatch();
                    for (Edge e : edges) {
                        insertEdge.setString(1, e.id());
                        insertEdge.setString(2, e.kind().code());
                        insertEdge.setString(3, e.fromId());
                        insertEdge.setString(4, e.toId());
                        insertEdge.setLong(5, e.createdAt().toEpochMilli());
                        insertEdge.setString(6, write(e.properties()));
                        insertEdge.addBatch();
                    }
                    insertEdge.executeBatch();
                    bumpSession.setInt(1, nodes.size());
                    bumpSession.setLong(2, now);
                    bumpSession.setString(3, session.id());
                    bumpSession.executeUpdate();
                    String[] operations = {"append_prompt", "append_response", "invoke_tools"};
                    for (int i = 0; i < 3; i++) {
                        insertLog.setString(1, namespace);
                        insertLog.setString(2, agent.id());
                        insertLog.setString(3, session.id());
                        insertLog.setString(4, operations[i]);
                        insertLog.setString(5, hashes[i]);
                        insertLog.setLong(6, now);
                        insertLog.setLong(7, now);
                        insertLog.setString(8, "bench");
                        insertLog.addBatch();
                    }
                    insertLog.executeBatch();
                    c.commit();
                });
                previous = p;
                appendNanos.accept(System.nanoTime() - start);
            }

            @Override
            public int readRecent() throws SQLException {
                int[] n = new int[1];
                locked(() -> {
                    recent.setString(1, session.id());
                    try (ResultSet rs = recent.executeQuery()) {
                        while (rs.next()) {
                            rs.getString(4);
                            n[0]++;
                        }
                    }
                    c.commit();
                });
                return n[0];
            }
        };
    }

    /** Adds the node to the node batch; returns its JSON. */
    private String node(Node n, String sessionId, long seq) throws SQLException {
        String payload = write(n);
        insertNode.setString(1, n.id());
        insertNode.setString(2, n.kind().code());
        insertNode.setString(3, sessionId);
        if (sessionId == null) {
            insertNode.setNull(4, java.sql.Types.BIGINT);
        } else {
            insertNode.setLong(4, seq);
        }
        insertNode.setLong(5, n.createdAt().toEpochMilli());
        insertNode.setString(6, payload);
        insertNode.addBatch();
        return payload;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @FunctionalInterface
    private interface SqlWork {
        void run() throws SQLException;
    }

    private void locked(SqlWork work) throws SQLException {
        lock.lock();
        try {
            work.run();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
