package io.cistern.memory.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.memory.agent.AgentSession;
import io.cistern.memory.graph.Entity;
import io.cistern.memory.graph.KnowledgeGraph;
import io.cistern.memory.graph.Relation;
import io.cistern.memory.model.Agent;
import io.cistern.memory.model.Edge;
import io.cistern.memory.model.EdgeProperties;
import io.cistern.memory.model.ModelParameters;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.Response;
import io.cistern.memory.model.Session;
import io.cistern.memory.model.TokenUsage;
import io.cistern.memory.model.ToolInvocation;
import io.cistern.memory.search.SearchQuery;
import io.cistern.memory.store.Erased;
import io.cistern.memory.store.OnBothBackends;
import io.cistern.memory.store.StoreAccess;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Erasure leaves nothing of the erased namespace or session in any table the catalogue lists
 * (SQLite's FTS5 shadow tables included, and any table a later migration adds), while the
 * look-alike namespaces keep every row.
 */
class ErasureTest extends OnBothBackends {

    /** Namespaces that a prefix, LIKE pattern or case-folding match would confuse with "acme". */
    static final List<String> NAMESPACES = List.of("acme", "acme-evil", "acme%", "acme_x", "ACME");
    static final ModelParameters PARAMS = new ModelParameters("gpt-4o", 0.2, 512, List.of("search"));

    /** What one namespace holds: its ids and the marker word that only its text contains. */
    record Written(String namespace, String marker, List<String> ids, List<String> sessionIds) {
    }

    private Written populate(String namespace, int index) {
        String marker = "zqmark" + index + "x";
        List<String> ids = new ArrayList<>();
        List<String> sessions = new ArrayList<>();
        // AgentSession (and so the operation log) and the knowledge graph allow plain names only; a
        // namespace with '%' is written through the store directly, which takes any non-blank one.
        boolean plainName = !namespace.contains("%");
        AgentSession agent = plainName
                ? AgentSession.open(store, namespace, Agent.create("agent" + index, "helper", List.of("search"), "m")) : null;
        for (int s = 0; s < 2; s++) {
            Session session = plainName ? agent.startSession(Map.of("user", marker), List.of(marker))
                    : Session.create(namespace, Map.of("user", marker), List.of(marker));
            if (!plainName) {
                store.store(session);
            }
            sessions.add(session.id());
            ids.add(session.id());
            for (int t = 0; t < 3; t++) {
                String question = "question " + marker + " about rivers " + t;
                Prompt p = plainName ? agent.prompt(session.id(), question, PARAMS) : Prompt.create(session.id(), question, PARAMS);
                Response r;
                ToolInvocation tool;
                if (plainName) {
                    r = agent.respond(p, "answer " + marker + " delta", new TokenUsage(1, 1), "stop", 1);
                    tool = ToolInvocation.succeeded(r, "search", "{\"q\":\"" + marker + "\"}", "{\"hits\":\"" + marker + "\"}", 1, 0);
                    agent.toolsInvoked(r, List.of(tool));
                } else {
                    store.store(p);
                    r = Response.to(p, "answer " + marker + " delta", new TokenUsage(1, 1), "stop", 1);
                    tool = ToolInvocation.succeeded(r, "search", "{\"q\":\"" + marker + "\"}", "{\"hits\":\"" + marker + "\"}", 1, 0);
                    store.batch().add(r).add(tool).add(Edge.of(r, p, new EdgeProperties.RespondsTo(1)))
                            .add(Edge.of(r, tool, new EdgeProperties.Invokes(0, true))).commit();
                }
                ids.addAll(List.of(p.id(), r.id()));
            }
        }
        Retention.on(store).sessionTtl(sessions.get(0), Duration.ofDays(9));
        if (plainName) {
            Retention.on(store).namespaceTtl(namespace, Duration.ofDays(30));
            KnowledgeGraph kg = KnowledgeGraph.on(store);
            kg.createEntities(namespace, List.of(new Entity("Ent " + marker, "thing", List.of("observed " + marker)),
                    new Entity("Other " + marker, "thing", List.of("seen " + marker))));
            kg.createRelations(namespace, List.of(new Relation("Ent " + marker, "Other " + marker, "knows")));
        } else {
            Retention.on(store).namespaceTtl(namespace, Duration.ofDays(30));
        }
        return new Written(namespace, marker, ids, sessions);
    }

    /**
     * Per table of the catalogue: rows that mention the written data: a column equal to its namespace
     * or one of its ids, or containing its marker (FTS5's own tables: a MATCH on the marker).
     */
    private Map<String, Long> rowsOf(Written w) {
        return StoreAccess.read(store, "count rows of " + w.namespace(), c -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String table : tables(c)) {
                counts.put(table, count(c, table, w));
            }
            return counts;
        });
    }

    private List<String> tables(Connection c) throws SQLException {
        String sql = backend.name().equals("SQLITE")
                ? "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name";
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private long count(Connection c, String table, Written w) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM \"" + table + "\" WHERE 1 = 0");
             ResultSet rs = ps.executeQuery()) {
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                columns.add(rs.getMetaData().getColumnName(i));
            }
        }
        boolean fts = backend.name().equals("SQLITE") && table.equals("memory_search_fts");
        if (fts) {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM memory_search_fts WHERE memory_search_fts MATCH ?")) {
                ps.setString(1, "\"" + w.marker() + "\"");
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }
        List<String> keys = new ArrayList<>(w.ids());
        keys.add(w.namespace());
        StringBuilder where = new StringBuilder();
        String in = "?, ".repeat(keys.size() - 1) + "?";
        for (String col : columns) {
            String text = backend.name().equals("SQLITE") ? "CAST(\"" + col + "\" AS TEXT)" : "CAST(\"" + col + "\" AS TEXT)";
            where.append(where.length() == 0 ? "" : " OR ").append(text).append(" IN (").append(in).append(") OR ")
                    .append("LOWER(").append(text).append(") LIKE ?");
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM \"" + table + "\" WHERE " + where)) {
            int i = 1;
            for (String col : columns) {
                for (String k : keys) {
                    ps.setString(i++, k);
                }
                ps.setString(i++, "%" + w.marker().toLowerCase(Locale.ROOT) + "%");
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void erasingANamespaceLeavesNothingInAnyTableAndNothingOfTheLookAlikesGoes() {
        List<Written> all = new ArrayList<>();
        for (int i = 0; i < NAMESPACES.size(); i++) {
            all.add(populate(NAMESPACES.get(i), i));
        }
        Written acme = all.get(0);
        Map<String, Long> acmeBefore = rowsOf(acme);
        // the check is not vacuous: the tables that hold a namespace's data do hold acme's
        for (String t : List.of("memory_nodes", "memory_sessions", "memory_edges", "memory_operation_log", "memory_kg_entities",
                "memory_kg_observations", "memory_kg_relations", "memory_search_entries", "memory_retention_namespaces",
                "memory_retention_sessions")) {
            assertThat(acmeBefore.get(t)).as(t).isPositive();
        }
        if (backend.name().equals("SQLITE")) {
            assertThat(acmeBefore.get("memory_search_fts")).isPositive();
        }
        List<Map<String, Long>> othersBefore = all.subList(1, all.size()).stream().map(this::rowsOf).toList();
        // search is exact about namespaces too
        for (Written w : all) {
            assertThat(store.search(SearchQuery.of(w.namespace(), "zqmark*")).hits())
                    .allMatch(h -> h.snippet().contains(w.marker()) || h.nodeId().contains(w.marker())).isNotEmpty();
        }
        String cachedTurn = acme.ids().get(1);
        assertThat(store.get(cachedTurn)).isPresent(); // now cached
        store.thread(acme.sessionIds().get(0));

        Erased erased = store.eraseNamespace("acme");

        assertThat(erased.sessions()).isEqualTo(2);
        assertThat(erased.turns()).isEqualTo(2 * 3 * 3);
        assertThat(erased.knowledgeGraphRows()).isEqualTo(2 + 2 + 1);
        assertThat(erased.logEntries()).isPositive();
        assertThat(erased.transactions()).isGreaterThan(5); // short batches, not one long transaction
        assertThat(rowsOf(acme)).allSatisfy((table, n) -> assertThat(n).as(table).isZero());
        for (int i = 1; i < all.size(); i++) {
            assertThat(rowsOf(all.get(i))).as(all.get(i).namespace()).isEqualTo(othersBefore.get(i - 1));
        }
        assertThat(store.get(cachedTurn)).isEmpty();
        assertThat(store.thread(acme.sessionIds().get(0))).isEmpty();
        assertThat(store.search(SearchQuery.of("acme", "zqmark*")).hits()).isEmpty();
        assertThat(store.search(SearchQuery.of("acme-evil", "zqmark*")).hits()).isNotEmpty();
        assertThat(Retention.on(store).namespaceTtl("acme")).isEmpty();
        assertThat(Retention.on(store).namespaceTtl("acme-evil")).contains(Duration.ofDays(30));
        // erasing again finds nothing
        assertThat(store.eraseNamespace("acme")).extracting(Erased::sessions, Erased::turns).containsExactly(0L, 0L);
    }

    @Test
    void erasingASessionLeavesNothingOfItAndTheRestOfItsNamespaceStays() {
        Written acme = populate("acme", 0);
        Written evil = populate("acme-evil", 1);
        String erasedSession = acme.sessionIds().get(0);
        String keptSession = acme.sessionIds().get(1);
        // the first session's ids: the session and its 3 prompts and 3 responses
        Written first = new Written("never-used-namespace", "never-used-marker", acme.ids().subList(0, 7), List.of(erasedSession));
        assertThat(rowsOf(first).get("memory_nodes")).isEqualTo(1 + 9); // the session, and its 9 turns by session_id
        Map<String, Long> evilBefore = rowsOf(evil);
        int keptTurns = store.thread(keptSession).size();

        Erased erased = store.eraseSession(erasedSession);

        assertThat(erased.sessions()).isEqualTo(1);
        assertThat(erased.turns()).isEqualTo(9);
        assertThat(rowsOf(first)).allSatisfy((table, n) -> assertThat(n).as(table).isZero());
        assertThat(rowsOf(evil)).isEqualTo(evilBefore);
        assertThat(store.thread(keptSession)).hasSize(keptTurns);
        assertThat(store.search(SearchQuery.of("acme", "zqmark0x")).hits()).isNotEmpty()
                .allMatch(h -> h.sessionId() == null || h.sessionId().equals(keptSession));
        assertThat(Retention.on(store).sessionTtl(erasedSession)).isEmpty();
    }
}
