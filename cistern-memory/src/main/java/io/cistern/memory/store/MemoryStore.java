package io.cistern.memory.store;

import io.cistern.cache.CacheStats;
import io.cistern.jdbc.SqlWork;
import io.cistern.jdbc.statements.StatementCache;
import io.cistern.memory.embedding.EmbeddingFailedException;
import io.cistern.memory.embedding.SemanticHit;
import io.cistern.memory.embedding.SemanticIndex;
import io.cistern.memory.embedding.SemanticQuery;
import io.cistern.memory.model.Edge;
import io.cistern.memory.model.EdgeKind;
import io.cistern.memory.model.Node;
import io.cistern.memory.model.NodeKind;
import io.cistern.memory.model.Session;
import io.cistern.pool.PoolClosedException;
import io.cistern.pool.PoolStats;
import io.cistern.pool.limit.ConcurrencyLimiter;
import io.cistern.pool.limit.LimiterStats;
import io.cistern.routing.health.ClusterHealth;
import io.cistern.memory.search.SearchPage;
import io.cistern.memory.search.SearchQuery;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.sqlite.SQLiteConnection;

/**
 * The memory store: a prompt-lineage graph on SQLite or PostgreSQL.
 *
 * <p>Every database operation runs under a {@link ConcurrencyLimiter} (a batch is one operation);
 * node-by-id, thread and lineage reads are served cache-aside and invalidated precisely by the
 * writes that change them. Thread-safe; one instance per database is meant to be shared.
 *
 * <pre>{@code
 * try (MemoryStore store = MemoryStore.open(MemoryStoreConfig.sqlite(Path.of("data")).build())) {
 *     Session s = Session.create("default", Map.of(), List.of());
 *     store.store(s);
 *     Prompt p = Prompt.create(s.id(), "Hello", new ModelParameters("gpt-4o", 0.2, 512, List.of()));
 *     store.batch().add(p).add(Edge.of(p, s, new EdgeProperties.PartOf("user"))).commit();
 *     List<SessionEntry> thread = store.thread(s.id());
 * }
 * }</pre>
 */
public final class MemoryStore implements AutoCloseable {

    /** Turns read per round trip when streaming a session. */
    static final int STREAM_PAGE = 500;
    /** The deepest lineage walk. */
    public static final int MAX_LINEAGE_DEPTH = 64;

    /** Statements kept prepared per SQLite connection: the store's own SQL, with room for filter variants. */
    static final int STATEMENTS_PER_CONNECTION = 64;

    private final Database db;
    private final JsonCodec json;
    private final ParsedNodes parsed;
    private final GraphSql sql;
    private final SessionSql sessionSql;
    private final ConcurrencyLimiter limiter;
    private final HotReads hot;
    private final OperationLog operationLog;
    private final SemanticIndex semantic;
    private final SearchSql searchSql;
    private final boolean fullTextIndex;
    private final boolean semanticSearch;
    /** Null when the application purges expired turns itself. */
    private final RetentionSweeper retentionSweeper;

    private MemoryStore(Database db, MemoryStoreConfig config) {
        this.db = db;
        this.searchSql = new SearchSql(db.dialect());
        this.fullTextIndex = config.fullTextIndex();
        this.semanticSearch = config.embedding() != null;
        this.json = new JsonCodec();
        this.parsed = new ParsedNodes(json, config.cacheSize());
        // sqlite-jdbc prepares every statement anew; pgjdbc keeps server-side statements itself.
        this.sql = new GraphSql(json, db.dialect() == Database.Dialect.SQLITE
                ? StatementCache.create(SQLiteConnection.class, STATEMENTS_PER_CONNECTION) : StatementCache.none(),
                parsed);
        this.sessionSql = new SessionSql(json);
        this.limiter = ConcurrencyLimiter.builder()
                .name("cistern-memory")
                .maxConcurrent(config.maxConcurrent())
                .acquireTimeout(config.acquireTimeout())
                .build();
        this.hot = new HotReads(config.cacheSize(), config.cacheTtl());
        this.operationLog = new OperationLog(this, json);
        this.semantic = SemanticIndex.open(config.embedding(), new SemanticStorage());
        this.retentionSweeper = RetentionSweeper.start(this, config.retentionSweep());
    }

    /** The semantic index's way into the database: the store's transactions, limiter and statements. */
    private final class SemanticStorage implements SemanticIndex.Storage {
        @Override
        public <T> T read(String what, SemanticIndex.Work<T> work) {
            return limitedRead(what, work::run);
        }

        @Override
        public <T> T write(String what, SemanticIndex.Work<T> work) {
            return limitedWrite(what, work::run);
        }

        @Override
        public Optional<Node> node(Connection c, String id) throws SQLException {
            return sql.node(c, id);
        }

        @Override
        public StatementCache statements() {
            return sql.statements();
        }

        @Override
        public boolean postgres() {
            return db.dialect() == Database.Dialect.POSTGRESQL;
        }
    }

    /**
     * Opens the store, creating or migrating its schema (once, whoever else opens it at the same time).
     *
     * @param config where and how
     * @return the open store
     * @throws MemoryStoreException if the database cannot be opened or migrated
     */
    public static MemoryStore open(MemoryStoreConfig config) {
        Objects.requireNonNull(config, "config");
        return new MemoryStore(Database.open(config), config);
    }

    // ---- nodes ---------------------------------------------------------------------------------

    /**
     * Stores a node: appends a prompt, response or tool invocation to its session with the next
     * sequence number (turns are append-only: storing an existing turn id fails), or inserts or
     * replaces a session, agent or template.
     *
     * @param node the node
     * @return the turn's sequence number, 0 for other kinds
     * @throws IllegalArgumentException if the turn's session does not exist, the turn id is taken,
     *     the id belongs to a node of another kind, or a session would change namespace
     */
    public long store(Node node) {
        Objects.requireNonNull(node, "node");
        return commit(List.of(node), List.of(), 0, null).sequences().getOrDefault(node.id(), 0L);
    }

    /** @return a new, empty batch: nodes and edges written in one transaction, as one operation */
    public Batch batch() {
        return new Batch(this);
    }

    /**
     * @param id a node id
     * @return the node, if it exists (cache-aside)
     */
    public Optional<Node> get(String id) {
        Objects.requireNonNull(id, "id");
        return hot.node(id, () -> limitedRead("get node " + id, c -> sql.node(c, id)));
    }

    /**
     * @param id a node id
     * @param type the expected record type
     * @param <T> the type
     * @return the node, if it exists
     * @throws IllegalArgumentException if it exists with another type
     */
    public <T extends Node> Optional<T> get(String id, Class<T> type) {
        Optional<Node> node = get(id);
        if (node.isPresent() && !type.isInstance(node.get())) {
            throw new IllegalArgumentException("node '" + id + "' is a " + node.get().kind().code() + ", not a "
                    + type.getSimpleName());
        }
        return node.map(type::cast);
    }

    /**
     * Deletes a node and every edge that touches it; deleting a session deletes its turns and
     * their edges too. One transaction.
     *
     * @param id a node id
     * @return false if there was no such node
     */
    public boolean delete(String id) {
        Objects.requireNonNull(id, "id");
        Optional<GraphSql.Deleted> deleted = limitedWrite("delete node " + id, c -> sql.deleteNode(c, id));
        deleted.ifPresent(d -> {
            if (d.kind() == NodeKind.SESSION) {
                hot.sessionDeleted(d.id(), d.cascadedTurns());
            } else {
                hot.nodeChanged(d.id(), d.sessionId());
            }
        });
        return deleted.isPresent();
    }

    // ---- edges ---------------------------------------------------------------------------------

    /**
     * Stores an edge; both of its nodes must exist.
     *
     * @param edge the edge
     * @throws IllegalArgumentException naming the node that does not exist
     */
    public void store(Edge edge) {
        Objects.requireNonNull(edge, "edge");
        commit(List.of(), List.of(edge), 0, null);
    }

    /**
     * @param id an edge id
     * @return the edge, if it exists
     */
    public Optional<Edge> getEdge(String id) {
        Objects.requireNonNull(id, "id");
        return limitedRead("get edge " + id, c -> sql.edge(c, id));
    }

    /**
     * @param id an edge id
     * @return false if there was no such edge
     */
    public boolean deleteEdge(String id) {
        Objects.requireNonNull(id, "id");
        Optional<Edge> deleted = limitedWrite("delete edge " + id, c -> sql.deleteEdge(c, id));
        deleted.ifPresent(e -> hot.edgeChanged(e.fromId()));
        return deleted.isPresent();
    }

    /**
     * @param nodeId a node id
     * @param kinds the kinds wanted; none means all
     * @return the edges leaving the node, oldest first
     */
    public List<Edge> outgoing(String nodeId, EdgeKind... kinds) {
        Objects.requireNonNull(nodeId, "nodeId");
        Set<EdgeKind> wanted = kinds.length == 0 ? Set.of() : EnumSet.of(kinds[0], kinds);
        return limitedRead("outgoing edges of " + nodeId, c -> sql.edges(c, nodeId, true, wanted));
    }

    /**
     * @param nodeId a node id
     * @param kinds the kinds wanted; none means all
     * @return the edges arriving at the node, oldest first
     */
    public List<Edge> incoming(String nodeId, EdgeKind... kinds) {
        Objects.requireNonNull(nodeId, "nodeId");
        Set<EdgeKind> wanted = kinds.length == 0 ? Set.of() : EnumSet.of(kinds[0], kinds);
        return limitedRead("incoming edges of " + nodeId, c -> sql.edges(c, nodeId, false, wanted));
    }

    // ---- sessions ------------------------------------------------------------------------------

    /**
     * One page of a session's turns, newest first, filtered by kind and time.
     *
     * @param query the session, filters, page size and cursor
     * @return the page and the cursor of the next one
     */
    public Page<SessionEntry> sessionNodes(SessionQuery query) {
        Objects.requireNonNull(query, "query");
        return limitedRead("turns of session " + query.sessionId(), c -> sql.sessionPage(c, query));
    }

    /**
     * The conversation of a session: every turn, oldest first (cache-aside). For very long sessions
     * prefer {@link #streamSession(String)}.
     *
     * @param sessionId the session
     * @return its turns in append order, empty if it has none or does not exist
     */
    public List<SessionEntry> thread(String sessionId) {
        Objects.requireNonNull(sessionId, "sessionId");
        return hot.thread(sessionId, () -> limitedRead("thread of session " + sessionId, c -> {
            TurnPages<SQLException> pages = new TurnPages<>(
                    (after, size) -> sql.turnsAfter(c, sessionId, after, size), STREAM_PAGE, 0);
            List<SessionEntry> all = new ArrayList<>();
            for (List<SessionEntry> page = pages.next(); !page.isEmpty(); page = pages.next()) {
                all.addAll(page);
            }
            return List.copyOf(all);
        }));
    }

    /**
     * Streams a session's turns oldest first, {@value #STREAM_PAGE} per round trip, without holding
     * a connection between pages: memory stays flat whatever the session's length, and turns
     * appended while streaming are included.
     *
     * @param sessionId the session
     * @return the turns, lazily
     */
    public Stream<SessionEntry> streamSession(String sessionId) {
        return streamSession(sessionId, 0);
    }

    /**
     * Streams the turns after sequence number {@code afterSeq}, oldest first, like
     * {@link #streamSession(String)}: a reader that knows a session up to some turn reads only what
     * followed it.
     *
     * @param sessionId the session
     * @param afterSeq the last sequence number already known, 0 for all
     * @return the turns with a greater sequence number, lazily
     */
    public Stream<SessionEntry> streamSession(String sessionId, long afterSeq) {
        Objects.requireNonNull(sessionId, "sessionId");
        if (afterSeq < 0) {
            throw new IllegalArgumentException("afterSeq = " + afterSeq + " is not allowed; allowed: 0 or more");
        }
        TurnPages<RuntimeException> reads = new TurnPages<>((after, size) ->
                limitedRead("stream session " + sessionId, c -> sql.turnsAfter(c, sessionId, after, size)), STREAM_PAGE, afterSeq);
        Iterator<SessionEntry> pages = new Iterator<>() {
            private List<SessionEntry> page = List.of();
            private int next;

            @Override
            public boolean hasNext() {
                if (next < page.size()) {
                    return true;
                }
                page = reads.next();
                next = 0;
                return !page.isEmpty();
            }

            @Override
            public SessionEntry next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.get(next++);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pages,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * The session as the database holds it now, bypassing the cache, with the sequence number of
     * its newest turn: one small query. For writers that check what another process changed.
     *
     * @param sessionId the session
     * @return its state, empty if there is no such session
     */
    public Optional<SessionState> sessionState(String sessionId) {
        Objects.requireNonNull(sessionId, "sessionId");
        return limitedRead("state of session " + sessionId, c -> sessionSql.state(c, sessionId));
    }

    /**
     * One page of the ids of a namespace's sessions, in id order, keyset-paged.
     *
     * @param namespace the namespace
     * @param afterId the last id of the previous page, {@code ""} for the first page
     * @param limit ids per page, 1 to {@value SessionQuery#MAX_LIMIT}
     * @return up to {@code limit} ids greater than {@code afterId}; fewer means the last page
     */
    public List<String> sessionIds(String namespace, String afterId, int limit) {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(afterId, "afterId");
        if (limit < 1 || limit > SessionQuery.MAX_LIMIT) {
            throw new IllegalArgumentException("limit = " + limit + " is not allowed; allowed: 1 to " + SessionQuery.MAX_LIMIT);
        }
        return limitedRead("session ids of namespace " + namespace,
                c -> List.copyOf(sessionSql.sessionIds(c, namespace, afterId, limit)));
    }

    // ---- lineage -------------------------------------------------------------------------------

    /**
     * Where a response came from: its prompt, the prompts before it, the template chain the prompt
     * was instantiated from and the tools the response invoked, following the graph's edges
     * (cache-aside).
     *
     * @param responseId a response id
     * @param depth the most prompts and the most templates to return, 1 to {@value #MAX_LINEAGE_DEPTH}
     * @return the lineage, empty if the response does not exist
     * @throws IllegalArgumentException if the depth is out of range or the node is not a response
     */
    public Optional<Lineage> lineage(String responseId, int depth) {
        Objects.requireNonNull(responseId, "responseId");
        if (depth < 1 || depth > MAX_LINEAGE_DEPTH) {
            throw new IllegalArgumentException("depth = " + depth + " is not allowed; allowed: 1 to " + MAX_LINEAGE_DEPTH);
        }
        return hot.lineage(responseId, depth,
                () -> limitedRead("lineage of " + responseId, c -> sql.lineage(c, responseId, depth)));
    }

    // ---- semantic search -----------------------------------------------------------------------

    /**
     * The exact top k turns of one namespace by cosine similarity to the query, best first (equal
     * scores: smaller node id first). Scans the vectors of that namespace and of the configured
     * model only, streaming them, with k hits in memory; the namespace is matched exactly.
     * Off the write path, turns the background worker has not reached yet are not found.
     *
     * @param query the namespace, query text or vector, k, optional session and kind filters
     * @return up to k hits
     * @throws IllegalStateException if no embedding model is configured, or the store holds vectors
     *     of other dimensions under the model's name
     * @throws IllegalArgumentException if the query vector's length is not the model's
     * @throws EmbeddingFailedException if the model fails to embed the query text
     */
    public List<SemanticHit> semanticSearch(SemanticQuery query) {
        return semantic.search(query);
    }

    /**
     * Waits until every turn written so far has its vector: the background queue empty and no
     * catch-up pass due. Returns at once on the write path, unless the open-time pass is still
     * running.
     *
     * @param timeout the longest wait
     * @return true if done, false if the time ran out (for example while the model keeps failing)
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitEmbeddings(Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        return semantic.awaitIdle(timeout);
    }

    // ---- search and erasure --------------------------------------------------------------------

    /**
     * One page of a full-text search over the turns and knowledge-graph observations of one
     * namespace, best first (docs/SEARCH.md). What a write committed is found by the next search.
     *
     * @param query the text, the namespace (matched exactly), filters, page size and cursor
     * @return the hits and the cursor of the next page
     * @throws IllegalStateException if the store was opened with {@code fullTextIndex(false)}
     * @throws IllegalArgumentException if the cursor is not one of this query's
     */
    public SearchPage search(SearchQuery query) {
        Objects.requireNonNull(query, "query");
        if (!fullTextIndex) {
            throw new IllegalStateException("full-text search is off: this store was opened with fullTextIndex(false), so "
                    + "its writes keep no index; open it with fullTextIndex(true) (the default) to search what is written from then on");
        }
        return limitedRead("search namespace " + query.namespace(), c -> searchSql.search(c, query));
    }

    /** @return whether writes keep the full-text index, so that {@link #search} answers */
    public boolean fullTextSearchEnabled() {
        return fullTextIndex;
    }

    /** @return whether an embedding model is configured, so that {@link #semanticSearch} answers */
    public boolean semanticSearchEnabled() {
        return semanticSearch;
    }

    /**
     * Erases a session: its turns (in transactions of at most {@value Erasure#BATCH} turns, so
     * writers wait for one short transaction at a time), then the session with its edges, search
     * entries, embeddings and retention setting, then its operation-log entries. The cache forgets
     * all of it. Erase a session after its writers stopped: a turn appended meanwhile fails.
     *
     * @param sessionId the session
     * @return what was deleted
     */
    public Erased eraseSession(String sessionId) {
        Objects.requireNonNull(sessionId, "sessionId");
        return new Erasure(this).session(sessionId);
    }

    /**
     * Erases a namespace, matched exactly: every session in it as {@link #eraseSession} does, its
     * knowledge graph (entities, observations, relations), its operation log, its retention setting
     * and any search entry left under it; in short transactions of at most {@value Erasure#BATCH}
     * rows. Agents and templates belong to no namespace and stay. Sessions created in the namespace
     * while it runs may survive it: stop its writers first.
     *
     * @param namespace the namespace, exactly as stored
     * @return what was deleted
     */
    public Erased eraseNamespace(String namespace) {
        if (namespace == null || namespace.isBlank()) {
            throw new IllegalArgumentException("namespace = " + (namespace == null ? "null" : "'" + namespace + "'")
                    + " is not allowed; allowed: the non-blank namespace to erase, matched exactly");
        }
        return new Erasure(this).namespace(namespace);
    }

    /** After nodes were deleted (erasure, housekeeping): exactly their cache entries go. */
    void forget(List<GraphSql.Deleted> deleted) {
        for (GraphSql.Deleted d : deleted) {
            if (d.kind() == NodeKind.SESSION) {
                hot.sessionDeleted(d.id(), d.cascadedTurns());
            } else {
                hot.nodeChanged(d.id(), d.sessionId());
            }
        }
    }

    // ---- figures -------------------------------------------------------------------------------

    /** @return node and edge counts per kind, operation-log size and bytes on disk */
    public StoreStatistics statistics() {
        return limitedRead("statistics", c -> new StoreStatistics(sql.nodeCounts(c), sql.edgeCounts(c),
                sql.count(c, "memory_operation_log"),
                db.dialect() == Database.Dialect.SQLITE ? db.sqliteBytes() : sql.postgresBytes(c),
                semantic.statistics(c)));
    }

    /** @return the limiter's counters: total, succeeded, failed, timeouts, active, peak, waits */
    public LimiterStats limiterStats() {
        return limiter.stats();
    }

    /** @return the hot-read cache's counters (all zero when the cache is disabled) */
    public CacheStats cacheStats() {
        return hot.stats();
    }

    /**
     * @return the connection pools' counters by role: {@code writer} and {@code readers} (SQLite) or
     *     {@code pool} (one PostgreSQL host); empty for a multi-host cluster, see {@link #clusterHealth()}
     */
    public Map<String, PoolStats> poolStats() {
        return db.poolStats();
    }

    /** @return roles, breakers and pools of every host, when the URL named several; empty otherwise */
    public Optional<ClusterHealth> clusterHealth() {
        return db.clusterHealth();
    }

    /** @return batches and writes the SQLite group commit has run; zeros on PostgreSQL or with it off */
    long[] groupCommitCounts() {
        return db.groupCommitCounts();
    }

    /** @return the durable operation log of agent sessions */
    public OperationLog operationLog() {
        return operationLog;
    }

    /** @return the SQLite file, empty on PostgreSQL */
    public Optional<Path> sqliteFile() {
        return Optional.ofNullable(db.sqliteFile());
    }

    /** @return which database this is, for people */
    public String description() {
        return db.description();
    }

    /**
     * Refuses new operations (waiting callers fail with {@code PoolClosedException}) and closes the
     * connections. Close the store after the threads using it are done: an operation still running
     * may fail when its connection goes.
     */
    @Override
    public void close() {
        if (retentionSweeper != null) {
            retentionSweeper.close(); // first: a sweep needs the limiter and the connections
        }
        semantic.close(); // its bounded drain needs the limiter and the connections
        limiter.close();
        db.close();
    }

    // ---- internals -----------------------------------------------------------------------------

    BatchResult commit(List<Node> nodes, List<Edge> edges, long operationId, OperationLog.Entry entry) {
        return commit(List.of(), List.of(), nodes, edges, operationId, entry);
    }

    /**
     * One write transaction: the batch's expectations checked first (each under its session's row
     * lock; if one fails, {@link SessionChangedException} and nothing is written), the sessions to
     * create if absent, the operation's log entry (committed) if {@code entry} is given, the nodes,
     * the edges, and the recorded operation's status if {@code operationId} is given. If the write
     * is refused or fails, the entry is logged aborted with the reason, in a write of its own.
     */
    BatchResult commit(List<Session> sessionsIfAbsent, List<Batch.Expectation> expectations, List<Node> nodes,
                       List<Edge> edges, long operationId, OperationLog.Entry entry) {
        if (sessionsIfAbsent.isEmpty() && expectations.isEmpty() && nodes.isEmpty() && edges.isEmpty()
                && operationId == 0 && entry == null) {
            return new BatchResult(0, 0, Map.of());
        }
        // JSON and hash before the transaction: the writer is held for the SQL alone
        GraphSql.NodeRows rows = GraphSql.NodeRows.of(nodes, json);
        GraphSql.EdgeRows edgeRows = GraphSql.EdgeRows.of(edges, json);
        List<SearchSql.Entry> entries = fullTextIndex ? SearchSql.entriesOf(nodes) : List.of();
        String hash = entry == null ? null : OperationLog.contentHash(rows.payloads(), edges, json);
        String what = "write " + (sessionsIfAbsent.isEmpty() ? "" : sessionsIfAbsent.size() + " sessions if absent, ")
                + nodes.size() + " nodes and " + edges.size() + " edges";
        Map<String, Long> sequences;
        SemanticIndex.Prepared vectors = SemanticIndex.Prepared.NONE;
        try {
            // on the write path the model runs before the transaction: the SQLite writer is never held for it
            SemanticIndex.Prepared embedded = vectors = semantic.beforeWrite(nodes);
            sequences = limitedWrite(what, c -> {
                for (Batch.Expectation e : expectations) {
                    sessionSql.check(c, e);
                }
                for (Session s : sessionsIfAbsent) {
                    sessionSql.insertIfAbsent(c, s);
                }
                if (entry != null) {
                    OperationLog.insertFinished(c, sql, entry, hash, OperationStatus.COMMITTED, entry.detail());
                }
                Map<String, Long> seqs = sql.writeNodes(c, rows);
                semantic.inWrite(c, embedded);
                searchSql.index(c, sql, entries);
                if (!edges.isEmpty()) {
                    sql.insertEdges(c, edgeRows);
                }
                if (operationId > 0 && !OperationLog.finish(c, operationId, OperationStatus.COMMITTED, null)) {
                    throw new IllegalStateException("operation " + operationId
                            + " is not in the recorded state (unknown, committed or aborted); nothing was written");
                }
                return seqs;
            });
        } catch (GraphSql.RefusedWrite refused) {
            RuntimeException reason = explain(what, nodes, edges, refused);
            logAborted(entry, hash, reason);
            throw reason;
        } catch (SessionChangedException changed) {
            // The database showed that what this process may have cached of these sessions is old.
            expectations.forEach(x -> hot.nodeChanged(x.sessionId(), null));
            logAborted(entry, hash, changed);
            throw changed;
        } catch (RuntimeException | Error e) {
            logAborted(entry, hash, e);
            throw e;
        }
        parsed.written(rows);
        semantic.afterCommit(nodes, vectors);
        // After the commit, never before: a reader that loads between an early invalidation and the
        // commit would cache the old state.
        sessionsIfAbsent.forEach(x -> hot.nodeChanged(x.id(), null));
        for (Node n : nodes) {
            hot.nodeChanged(n.id(), n.sessionId());
        }
        Set<String> sources = new HashSet<>();
        edges.forEach(e -> sources.add(e.fromId()));
        sources.forEach(hot::edgeChanged);
        return new BatchResult(nodes.size() + sessionsIfAbsent.size(), edges.size(), sequences);
    }

    /** The reason for a refused insert, found after its rollback: a taken turn id or a missing edge end. */
    private RuntimeException explain(String what, List<Node> nodes, List<Edge> edges, GraphSql.RefusedWrite refused) {
        SQLException cause = refused.sqlCause();
        try {
            Optional<IllegalArgumentException> reason = limitedRead("explain a refused write", c -> sql.explain(c, nodes, edges));
            if (reason.isPresent()) {
                reason.get().addSuppressed(cause);
                return reason.get();
            }
        } catch (RuntimeException explaining) {
            cause.addSuppressed(explaining);
        }
        return new MemoryStoreException(what + " failed on " + db.description() + ": " + cause.getMessage(), cause);
    }

    private void logAborted(OperationLog.Entry entry, String hash, Throwable reason) {
        if (entry == null) {
            return;
        }
        try {
            limitedWrite("log aborted operation " + entry.operation(), c -> {
                OperationLog.insertFinished(c, sql, entry, hash, OperationStatus.ABORTED, String.valueOf(reason.getMessage()));
                return null;
            });
        } catch (RuntimeException logging) {
            reason.addSuppressed(logging);
        }
    }

    <T> T limitedWrite(String what, SqlWork<T> work) {
        return limited(what, () -> db.write(work));
    }

    /** The store's statements (with its statement cache and parsed-node memo), for {@link StoreAccess}. */
    GraphSql sql() {
        return sql;
    }

    <T> T limitedRead(String what, SqlWork<T> work) {
        return limited(what, () -> db.read(work));
    }

    private <T> T limited(String what, Callable<T> work) {
        try {
            return limiter.call(work);
        } catch (SQLException e) {
            throw new MemoryStoreException(what + " failed on " + db.description() + ": " + e.getMessage(), e);
        } catch (PoolClosedException e) {
            // The limiter's own name means nothing to a caller of the store.
            throw new MemoryStoreException(what + " refused: the memory store on " + db.description() + " is closed", e);
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MemoryStoreException(what + " was interrupted while waiting for its turn", e);
        } catch (Exception e) {
            throw new MemoryStoreException(what + " failed: " + e, e);
        }
    }

}
