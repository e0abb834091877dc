package io.cistern.memory.store;

import io.cistern.memory.model.Node;
import io.cistern.memory.model.NodeKind;
import io.cistern.memory.model.Session;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The statements of optimistic session writers (conditional commits, create-if-absent, the
 * uncached session state, session ids by namespace), on a connection the caller owns. Kept apart
 * from {@link GraphSql}: nothing here changes how nodes and edges are written.
 */
final class SessionSql {

    private final JsonCodec json;

    SessionSql(JsonCodec json) {
        this.json = json;
    }

    /**
     * Takes the session's row lock (a no-op UPDATE: PostgreSQL locks the row until commit, SQLite's
     * single writer holds everything already), then checks the expected metadata value.
     *
     * @throws SessionChangedException if the value differs
     */
    void check(Connection c, Batch.Expectation e) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("UPDATE memory_sessions SET last_seq = last_seq WHERE id = ?")) {
            lock.setString(1, e.sessionId());
            lock.executeUpdate();
        }
        String found = null;
        boolean exists = false;
        try (PreparedStatement ps = c.prepareStatement("SELECT kind, payload FROM memory_nodes WHERE id = ?")) {
            ps.setString(1, e.sessionId());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    Node n = json.readNode(rs.getString(1), rs.getString(2));
                    if (n instanceof Session s) {
                        exists = true;
                        found = s.metadata().get(e.key());
                    }
                }
            }
        }
        if (!Objects.equals(found, e.value())) {
            throw new SessionChangedException("session '" + e.sessionId() + "' has " + e.key() + " = "
                    + (exists ? (found == null ? "nothing" : "'" + found + "'") : "nothing (no such session)")
                    + ", the batch expected " + (e.value() == null ? "nothing" : "'" + e.value() + "'")
                    + "; another writer changed it, nothing was written");
        }
    }

    /** @return whether the session was created (false: it existed and was kept) */
    boolean insertIfAbsent(Connection c, Session s) throws SQLException {
        int inserted;
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO memory_nodes (id, kind, session_id, seq, created_at, payload) VALUES (?, ?, NULL, NULL, ?, ?) "
                        + "ON CONFLICT (id) DO NOTHING")) {
            ps.setString(1, s.id());
            ps.setString(2, NodeKind.SESSION.code());
            ps.setLong(3, s.createdAt().toEpochMilli());
            ps.setString(4, json.write(s));
            inserted = ps.executeUpdate();
        }
        if (inserted == 1) {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO memory_sessions (id, namespace, last_seq, updated_at) VALUES (?, ?, 0, ?)")) {
                ps.setString(1, s.id());
                ps.setString(2, s.namespace());
                ps.setLong(3, s.updatedAt().toEpochMilli());
                ps.executeUpdate();
            }
            return true;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT kind FROM memory_nodes WHERE id = ?")) {
            ps.setString(1, s.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && !NodeKind.SESSION.code().equals(rs.getString(1))) {
                    throw new IllegalArgumentException("id '" + s.id() + "' already belongs to a node of another kind than "
                            + NodeKind.SESSION.code());
                }
            }
        }
        return false;
    }

    Optional<SessionState> state(Connection c, String sessionId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT n.kind, n.payload, s.updated_at, s.last_seq FROM memory_nodes n JOIN memory_sessions s ON s.id = n.id "
                        + "WHERE n.id = ?")) {
            ps.setString(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Session s = (Session) json.readNode(rs.getString(1), rs.getString(2));
                Session current = new Session(s.id(), s.namespace(), s.createdAt(), Instant.ofEpochMilli(rs.getLong(3)),
                        s.metadata(), s.tags());
                return Optional.of(new SessionState(current, rs.getLong(4)));
            }
        }
    }

    List<String> sessionIds(Connection c, String namespace, String afterId, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM memory_sessions WHERE namespace = ? AND id > ? ORDER BY id LIMIT ?")) {
            ps.setString(1, namespace);
            ps.setString(2, afterId);
            ps.setInt(3, limit);
            List<String> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        }
    }
}
