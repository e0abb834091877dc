package io.cistern.memory.store;

import io.cistern.memory.model.Node;
import io.cistern.memory.model.TurnText;
import io.cistern.memory.search.ParsedQuery;
import io.cistern.memory.search.SearchHit;
import io.cistern.memory.search.SearchKind;
import io.cistern.memory.search.SearchPage;
import io.cistern.memory.search.SearchQuery;
import io.cistern.memory.search.Tokens;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The full-text index's SQL (migration V4): entries written in the write's own transaction, and the
 * ranked, filtered, keyset-paged search. Deletions need nothing here: entries reference their turn
 * or observation with ON DELETE CASCADE (and on SQLite a trigger takes them out of FTS5).
 */
final class SearchSql {

    private final Database.Dialect dialect;

    SearchSql(Database.Dialect dialect) {
        this.dialect = dialect;
    }

    /** A turn's entry, computed before the transaction (the SQLite writer is held for SQL only). */
    record Entry(Node turn, String body, String terms) {
    }

    /** @return the entries of a batch's turns ({@link TurnText}: other kinds and blank turns are not indexed) */
    static List<Entry> entriesOf(List<Node> nodes) {
        List<Entry> out = new ArrayList<>();
        for (Node n : nodes) {
            TurnText.of(n).ifPresent(body -> out.add(new Entry(n, body, Tokens.terms(body))));
        }
        return out;
    }

    /** Inserts the entries of turns just inserted; the namespace is their session's. JDBC batches of {@link GraphSql#BATCH_ROWS}. */
    void index(Connection c, GraphSql graph, List<Entry> entries) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        try (var cs = graph.statements().prepare(c, "INSERT INTO memory_search_entries "
                + "(node_id, namespace, session_id, kind, created_at, body, terms) "
                + "SELECT ?, s.namespace, s.id, ?, ?, ?, ? FROM memory_sessions s WHERE s.id = ?")) {
            PreparedStatement ps = cs.statement();
            int pending = 0;
            for (Entry e : entries) {
                ps.setString(1, e.turn().id());
                ps.setString(2, SearchKind.of(e.turn().kind()).code());
                ps.setLong(3, e.turn().createdAt().toEpochMilli());
                ps.setString(4, e.body());
                ps.setString(5, e.terms());
                ps.setString(6, e.turn().sessionId());
                ps.addBatch();
                if (++pending == GraphSql.BATCH_ROWS) { // see there why
                    ps.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                ps.executeBatch();
            }
        }
    }

    /** Indexes one observation just inserted, identified by its entity and content key. */
    static void indexObservation(Connection c, String namespace, String entityName, long entityId, String contentKey,
                                 String content, long createdAt) throws SQLException {
        String body = entityName + ": " + content;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO memory_search_entries "
                + "(observation_id, entity_name, namespace, kind, created_at, body, terms) "
                + "SELECT o.id, ?, ?, ?, ?, ?, ? FROM memory_kg_observations o WHERE o.entity_id = ? AND o.content_key = ?")) {
            ps.setString(1, entityName);
            ps.setString(2, namespace);
            ps.setString(3, SearchKind.OBSERVATION.code());
            ps.setLong(4, createdAt);
            ps.setString(5, body);
            ps.setString(6, Tokens.terms(body));
            ps.setLong(7, entityId);
            ps.setString(8, contentKey);
            ps.executeUpdate();
        }
    }

    /**
     * One page, best first. The first page fixes a snapshot (the highest entry id then): later pages
     * rank only entries up to it, so entries appended meanwhile never push a hit into a page already
     * read nor appear in a later one.
     */
    SearchPage search(Connection c, SearchQuery q) throws SQLException {
        Cursor from = q.cursor() == null ? null : Cursor.decode(q.cursor(), fingerprint(q));
        long snapshot = from != null ? from.snapshot() : highestEntryId(c);
        ParsedQuery parsed = q.parsed();
        StringBuilder inner = new StringBuilder();
        if (dialect == Database.Dialect.SQLITE) {
            inner.append("SELECT e.id, e.node_id, e.entity_name, e.session_id, e.kind, e.created_at, e.body, ")
                    .append("-bm25(memory_search_fts) AS score FROM memory_search_fts ")
                    .append("JOIN memory_search_entries e ON e.id = memory_search_fts.rowid ")
                    .append("WHERE memory_search_fts MATCH ?");
        } else {
            inner.append("SELECT e.id, e.node_id, e.entity_name, e.session_id, e.kind, e.created_at, e.body, ")
                    .append("CAST(ts_rank_cd(e.tsv, q) AS double precision) AS score FROM memory_search_entries e, to_tsquery('simple', ?) q ")
                    .append("WHERE e.tsv @@ q");
        }
        inner.append(" AND e.namespace = ? AND e.id <= ?");
        if (q.sessionId() != null) {
            inner.append(" AND e.session_id = ?");
        }
        List<SearchKind> kinds = List.copyOf(q.kinds());
        if (!kinds.isEmpty()) {
            inner.append(" AND e.kind IN (").append("?, ".repeat(kinds.size() - 1)).append("?)");
        }
        if (q.from() != null) {
            inner.append(" AND e.created_at >= ?");
        }
        if (q.to() != null) {
            inner.append(" AND e.created_at < ?");
        }
        // PostgreSQL's cover density depends on the entry alone: keyset on (score, id) is exact.
        // SQLite's BM25 depends on the whole index (document count, average length), so every write
        // moves every score a little: there the snapshot's ranking is paged by position.
        boolean keyset = from != null && dialect == Database.Dialect.POSTGRESQL;
        String sql = "SELECT * FROM (" + inner + ") h"
                + (keyset ? " WHERE h.score < ? OR (h.score = ? AND h.id > ?)" : "")
                + " ORDER BY h.score DESC, h.id LIMIT ?" + (from != null && !keyset ? " OFFSET ?" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, dialect == Database.Dialect.SQLITE ? parsed.fts5() : parsed.tsquery());
            ps.setString(i++, q.namespace());
            ps.setLong(i++, snapshot);
            if (q.sessionId() != null) {
                ps.setString(i++, q.sessionId());
            }
            for (SearchKind k : kinds) {
                ps.setString(i++, k.code());
            }
            if (q.from() != null) {
                ps.setLong(i++, q.from().toEpochMilli());
            }
            if (q.to() != null) {
                ps.setLong(i++, q.to().toEpochMilli());
            }
            if (keyset) {
                ps.setDouble(i++, from.score());
                ps.setDouble(i++, from.score());
                ps.setLong(i++, from.id());
            }
            ps.setInt(i++, q.limit() + 1);
            long offset = from == null ? 0 : from.offset();
            if (from != null && !keyset) {
                ps.setLong(i, offset);
            }
            List<SearchHit> hits = new ArrayList<>();
            long lastId = 0;
            double lastScore = 0;
            boolean more = false;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (hits.size() == q.limit()) {
                        more = true;
                        break;
                    }
                    lastId = rs.getLong(1);
                    lastScore = rs.getDouble(8);
                    SearchKind kind = SearchKind.fromCode(rs.getString(5));
                    String id = kind == SearchKind.OBSERVATION ? rs.getString(3) : rs.getString(2);
                    hits.add(new SearchHit(id, rs.getString(4), kind, Instant.ofEpochMilli(rs.getLong(6)), lastScore,
                            parsed.snippet(rs.getString(7))));
                }
            }
            return new SearchPage(hits, more
                    ? Optional.of(new Cursor(fingerprint(q), snapshot, lastScore, lastId, offset + hits.size()).encode()) : Optional.empty());
        }
    }

    private static long highestEntryId(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM memory_search_entries");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Ties a cursor to its query: a cursor of another query is refused rather than giving a wrong page. */
    private static String fingerprint(SearchQuery q) {
        return Integer.toHexString(Objects.hash(q.namespace(), q.parsed().text(), q.sessionId(), q.kinds(), q.from(), q.to()));
    }

    /**
     * The opaque cursor: the query's fingerprint, the snapshot bound, the last hit's exact score and
     * id (the keyset) and the hits read so far (the position).
     */
    record Cursor(String fingerprint, long snapshot, double score, long id, long offset) {
        String encode() {
            String plain = "s1:" + fingerprint + ":" + snapshot + ":" + Long.toHexString(Double.doubleToLongBits(score)) + ":" + id
                    + ":" + offset;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor, String fingerprint) {
            try {
                String[] p = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
                if (p.length != 6 || !p[0].equals("s1")) {
                    throw new IllegalArgumentException("not a search cursor");
                }
                if (!p[1].equals(fingerprint)) {
                    throw new IllegalArgumentException("cursor '" + cursor + "' belongs to another query; allowed: the "
                            + "nextCursor of a page of this same query (text, namespace and filters)");
                }
                return new Cursor(p[1], Long.parseLong(p[2]), Double.longBitsToDouble(Long.parseUnsignedLong(p[3], 16)),
                        Long.parseLong(p[4]), Long.parseLong(p[5]));
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("cursor '")) {
                    throw e;
                }
                throw new IllegalArgumentException("cursor '" + cursor + "' is not allowed; allowed: the nextCursor of a "
                        + "previous search page", e);
            }
        }
    }
}
