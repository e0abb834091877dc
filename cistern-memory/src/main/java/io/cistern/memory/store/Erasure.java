package io.cistern.memory.store;

import io.cistern.jdbc.SqlWork;
import io.cistern.memory.model.NodeKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Erasure by session or namespace, and the bulk node deletion the retention housekeeping shares:
 * rows go in transactions of at most {@link #BATCH}, each short, so that a writer waits for one of
 * them at most, never for the whole erasure. Every statement matches the namespace or session id
 * with {@code =}: exactly, never as a pattern.
 */
final class Erasure {

    /** Rows per transaction. */
    static final int BATCH = 500;

    private final MemoryStore store;
    private int transactions;

    Erasure(MemoryStore store) {
        this.store = store;
    }

    Erased session(String sessionId) {
        long turns = 0;
        int n;
        do {
            n = deleteNodes(store, "erase turns of session " + sessionId,
                    c -> ids(c, "SELECT id FROM memory_nodes WHERE session_id = ? LIMIT ?", sessionId));
            transactions++;
            turns += n;
        } while (n == BATCH);
        long sessions = deleteNodes(store, "erase session " + sessionId, c -> List.of(sessionId));
        transactions++;
        long log = deleteLoop("erase the operation log of session " + sessionId, "memory_operation_log",
                "SELECT id FROM memory_operation_log WHERE session_id = ? LIMIT ?", sessionId);
        return new Erased(sessions, turns, 0, log, transactions);
    }

    Erased namespace(String namespace) {
        Erased total = new Erased(0, 0, 0, 0, 0);
        List<String> sessions;
        do {
            sessions = store.limitedRead("sessions of namespace " + namespace,
                    c -> ids(c, "SELECT id FROM memory_sessions WHERE namespace = ? ORDER BY id LIMIT ?", namespace));
            transactions++;
            for (String s : sessions) {
                total = total.plus(new Erasure(store).session(s));
            }
        } while (!sessions.isEmpty());
        long kg = deleteLoop("erase knowledge-graph observations of " + namespace, "memory_kg_observations",
                "SELECT o.id FROM memory_kg_observations o JOIN memory_kg_entities e ON e.id = o.entity_id "
                        + "WHERE e.namespace = ? LIMIT ?", namespace)
                + deleteLoop("erase knowledge-graph entities of " + namespace, "memory_kg_entities",
                "SELECT id FROM memory_kg_entities WHERE namespace = ? LIMIT ?", namespace)
                + deleteLoop("erase knowledge-graph relations of " + namespace, "memory_kg_relations",
                "SELECT id FROM memory_kg_relations WHERE namespace = ? LIMIT ?", namespace);
        long log = deleteLoop("erase the operation log of " + namespace, "memory_operation_log",
                "SELECT id FROM memory_operation_log WHERE namespace = ? LIMIT ?", namespace);
        // Entries of turns and observations went with them; this catches any left under the namespace.
        deleteLoop("erase search entries of " + namespace, "memory_search_entries",
                "SELECT id FROM memory_search_entries WHERE namespace = ? LIMIT ?", namespace);
        store.limitedWrite("erase the retention setting of " + namespace, c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM memory_retention_namespaces WHERE namespace = ?")) {
                ps.setString(1, namespace);
                return ps.executeUpdate();
            }
        });
        transactions++;
        return total.plus(new Erased(0, 0, kg, log, transactions));
    }

    /** Deletes rows of {@code table} chosen by {@code select} (ids, with ? for the key and the batch), a batch a transaction. */
    private long deleteLoop(String what, String table, String select, String key) {
        long total = 0;
        int n;
        do {
            // table is one of this class's constants, never input
            n = store.limitedWrite(what, c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE id IN (SELECT x.id FROM ("
                        + select + ") x)")) {
                    ps.setString(1, key);
                    ps.setInt(2, BATCH);
                    return ps.executeUpdate();
                }
            });
            transactions++;
            total += n;
        } while (n == BATCH);
        return total;
    }

    private static List<String> ids(Connection c, String select, String key) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(select)) {
            ps.setString(1, key);
            ps.setInt(2, BATCH);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /**
     * In one write transaction: the nodes {@code select} names, deleted with everything that
     * cascades from them; then, after the commit, their cache entries.
     *
     * @return how many nodes were deleted
     */
    static int deleteNodes(MemoryStore store, String what, SqlWork<List<String>> select) {
        List<GraphSql.Deleted> deleted = store.limitedWrite(what, c -> deleteNodes(c, select.run(c)));
        store.forget(deleted);
        return deleted.size();
    }

    private static List<GraphSql.Deleted> deleteNodes(Connection c, List<String> ids) throws SQLException {
        List<GraphSql.Deleted> deleted = new ArrayList<>();
        if (ids.isEmpty()) {
            return deleted;
        }
        StringJoiner in = new StringJoiner(", ", "(", ")");
        ids.forEach(x -> in.add("?"));
        List<String> sessions = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, kind, session_id FROM memory_nodes WHERE id IN " + in)) {
            bind(ps, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    NodeKind kind = NodeKind.fromCode(rs.getString(2));
                    if (kind == NodeKind.SESSION) {
                        sessions.add(rs.getString(1));
                    } else {
                        deleted.add(new GraphSql.Deleted(rs.getString(1), kind, rs.getString(3), List.of()));
                    }
                }
            }
        }
        for (String s : sessions) {
            List<String> turns = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM memory_nodes WHERE session_id = ?")) {
                ps.setString(1, s);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        turns.add(rs.getString(1));
                    }
                }
            }
            deleted.add(new GraphSql.Deleted(s, NodeKind.SESSION, null, turns));
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM memory_nodes WHERE id IN " + in)) {
            bind(ps, ids);
            ps.executeUpdate();
        }
        return deleted;
    }

    private static void bind(PreparedStatement ps, List<String> ids) throws SQLException {
        for (int i = 0; i < ids.size(); i++) {
            ps.setString(i + 1, ids.get(i));
        }
    }
}
