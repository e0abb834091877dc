package io.cistern.memory.store;

import static io.cistern.memory.store.Fixtures.agent;
import static io.cistern.memory.store.Fixtures.prompt;
import static io.cistern.memory.store.Fixtures.promptAt;
import static io.cistern.memory.store.Fixtures.response;
import static io.cistern.memory.store.Fixtures.session;
import static io.cistern.memory.store.Fixtures.template;
import static io.cistern.memory.store.Fixtures.tool;
import static io.cistern.memory.store.Fixtures.turn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.memory.model.Agent;
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
import io.cistern.pool.AcquireTimeoutException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Every point of the store's API, on a real SQLite file and on a real PostgreSQL server. */
@ParameterizedClass(name = "{0}")
@EnumSource(Backend.class)
class MemoryStoreTest {

    @Parameter
    Backend backend;

    @TempDir
    Path dir;

    MemoryStoreConfig config;
    MemoryStore store;

    @BeforeEach
    void open() {
        config = backend.freshConfig(dir).build();
        store = MemoryStore.open(config);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void everyNodeKindReadsBackEqualAfterAStore() {
        Session s = session();
        store.store(s);
        PromptTemplate parent = template("1.0.0");
        PromptTemplate child = parent.derive("1.1.0", "Summarise {{topic}} briefly", parent.variables());
        Agent a = agent("planner");
        Prompt p = prompt(s, "Where does the Rhine rise?");
        Response r = response(p, "In the Alps.");
        ToolInvocation ok = tool(r, "search");
        ToolInvocation failed = ToolInvocation.failed(r, "calculator", "{\"x\":1}", "division by zero", 3, 2);
        assertThat(store.get(s.id())).contains(s);
        List<Node> nodes = List.of(parent, child, a, p, r, ok, failed);
        nodes.forEach(store::store);

        // appending moved the session's update time to its latest turn, and nothing else
        Session updated = store.get(s.id(), Session.class).orElseThrow();
        Instant latest = java.util.stream.Stream.of(p, r, ok, failed).map(Node::createdAt).max(Instant::compareTo).orElseThrow();
        assertThat(updated).isEqualTo(new Session(s.id(), s.namespace(), s.createdAt(), latest, s.metadata(), s.tags()));
        for (Node n : nodes) {
            assertThat(store.get(n.id())).as(n.kind().code()).contains(n);
        }
        assertThat(store.get(p.id(), Prompt.class)).contains(p);
        assertThatThrownBy(() -> store.get(p.id(), Response.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a prompt, not a Response");
        assertThat(store.get("no-such-node")).isEmpty();
    }

    @Test
    void everyEdgeKindReadsBackWithItsTypedProperties() {
        Session s = session();
        store.store(s);
        Agent a = agent("a");
        Agent b = agent("b");
        PromptTemplate t1 = template("1.0.0");
        PromptTemplate t2 = t1.derive("2.0.0", "Now {{topic}}", List.of(t1.variables().get(0)));
        Prompt p1 = prompt(s, "one");
        Prompt p2 = prompt(s, "two");
        Response r = response(p2, "answer");
        ToolInvocation t = tool(r, "search");
        List.of(a, b, t1, t2, p1, p2, r, t).forEach(store::store);
        List<Edge> edges = List.of(
                Edge.of(p2, p1, new EdgeProperties.Follows(1500)),
                Edge.of(r, p2, new EdgeProperties.RespondsTo(250)),
                Edge.of(p2, a, new EdgeProperties.HandledBy(3)),
                Edge.of(p2, s, new EdgeProperties.PartOf("user")),
                Edge.of(r, t, new EdgeProperties.Invokes(0, true)),
                Edge.of(a, b, new EdgeProperties.TransfersTo("needs math", "the user asked for a sum")),
                Edge.of(p2, t2, new EdgeProperties.Instantiates("2.0.0", Map.of("topic", "x"))),
                Edge.of(t2, t1, new EdgeProperties.Inherits("shorter")),
                Edge.of(r, p1, new EdgeProperties.References("memory", 0.75)));
        assertThat(edges.stream().map(Edge::kind)).containsExactlyInAnyOrder(EdgeKind.values());
        edges.forEach(store::store);

        for (Edge e : edges) {
            assertThat(store.getEdge(e.id())).as(e.kind().code()).contains(e);
        }
        assertThat(store.outgoing(p2.id())).extracting(Edge::kind)
                .containsExactlyInAnyOrder(EdgeKind.FOLLOWS, EdgeKind.HANDLED_BY, EdgeKind.PART_OF, EdgeKind.INSTANTIATES);
        assertThat(store.outgoing(p2.id(), EdgeKind.FOLLOWS, EdgeKind.PART_OF)).extracting(Edge::kind)
                .containsExactlyInAnyOrder(EdgeKind.FOLLOWS, EdgeKind.PART_OF);
        assertThat(store.incoming(p1.id())).extracting(Edge::kind)
                .containsExactlyInAnyOrder(EdgeKind.FOLLOWS, EdgeKind.REFERENCES);
        assertThat(store.incoming(p1.id(), EdgeKind.REFERENCES)).extracting(Edge::fromId).containsExactly(r.id());

        assertThat(store.deleteEdge(edges.get(0).id())).isTrue();
        assertThat(store.deleteEdge(edges.get(0).id())).isFalse();
        assertThat(store.getEdge(edges.get(0).id())).isEmpty();
        assertThat(store.incoming(p1.id())).extracting(Edge::kind).containsExactly(EdgeKind.REFERENCES);
    }

    @Test
    void refusesBadWritesWithAMessageNamingTheValue() {
        Session s = session();
        store.store(s);
        Prompt orphan = prompt(Session.create("default", null, null), "x");
        assertThatThrownBy(() -> store.store(orphan)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("session '" + orphan.sessionId() + "' does not exist");
        Prompt p = prompt(s, "x");
        store.store(p);
        assertThatThrownBy(() -> store.store(p)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + p.id() + "' already exists");
        assertThatThrownBy(() -> store.store(Edge.of(p.id(), "ghost", new EdgeProperties.Follows(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node 'ghost' does not exist");
        Agent clash = new Agent(s.id(), Instant.now(), "n", "r", List.of(), "m", Agent.Status.IDLE, Map.of(), Map.of());
        assertThatThrownBy(() -> store.store(clash)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another kind");
        Session moved = new Session(s.id(), "elsewhere", s.createdAt(), s.updatedAt(), Map.of(), List.of());
        assertThatThrownBy(() -> store.store(moved)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot change namespace");
        // nothing of the refused writes reached the database
        assertThat(store.statistics().totalNodes()).isEqualTo(2);
        assertThat(store.statistics().totalEdges()).isZero();
    }

    @Test
    void agentsAndTemplatesAreReplacedInPlaceWhileTurnsAreAppendOnly() {
        Agent a = agent("worker");
        store.store(a);
        assertThat(store.get(a.id())).contains(a); // cached now
        Agent busy = a.with(Agent.Status.BUSY, Map.of("prompts", 3.0));
        assertThat(store.store(busy)).isZero();
        assertThat(store.get(a.id())).contains(busy);
        assertThat(store.statistics().nodes().get(NodeKind.AGENT)).isEqualTo(1);
    }

    @Test
    void deletingANodeLeavesNoDanglingEdges() {
        Session s = session();
        store.store(s);
        Prompt p1 = prompt(s, "first");
        store.store(p1);
        Response r = turn(store, s, p1, null, 2);
        Prompt p2 = store.lineage(r.id(), 1).orElseThrow().prompt();
        long edgesBefore = store.statistics().totalEdges();
        int touching = store.incoming(p2.id()).size() + store.outgoing(p2.id()).size();
        assertThat(touching).isEqualTo(3); // PART_OF, FOLLOWS out; RESPONDS_TO in

        assertThat(store.delete(p2.id())).isTrue();
        assertThat(store.get(p2.id())).isEmpty();
        assertThat(store.incoming(p2.id())).isEmpty();
        assertThat(store.outgoing(p2.id())).isEmpty();
        assertThat(store.statistics().totalEdges()).isEqualTo(edgesBefore - touching);
        assertThat(store.thread(s.id())).extracting(e -> e.node().id()).doesNotContain(p2.id());
        assertThat(store.delete(p2.id())).isFalse();
        assertNoDanglingEdges();
    }

    @Test
    void deletingASessionDeletesItsTurnsAndTheirEdgesOnly() {
        Session keep = session();
        Session drop = session();
        store.store(keep);
        store.store(drop);
        Response kept = turn(store, keep, null, null, 1);
        Response dropped = turn(store, drop, null, null, 3);
        assertThat(store.thread(drop.id())).hasSize(5);

        assertThat(store.delete(drop.id())).isTrue();
        assertThat(store.get(drop.id())).isEmpty();
        assertThat(store.get(dropped.id())).isEmpty();
        assertThat(store.thread(drop.id())).isEmpty();
        assertThat(store.thread(keep.id())).hasSize(3);
        assertThat(store.lineage(kept.id(), 2)).isPresent();
        StoreStatistics stats = store.statistics();
        assertThat(stats.totalNodes()).isEqualTo(4);   // keep, its prompt, response, tool
        assertThat(stats.totalEdges()).isEqualTo(3);   // PART_OF, RESPONDS_TO, INVOKES of keep
        assertNoDanglingEdges();
    }

    private void assertNoDanglingEdges() {
        try (Connection c = Backend.outsideConnection(config); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM memory_edges e WHERE NOT EXISTS "
                     + "(SELECT 1 FROM memory_nodes n WHERE n.id = e.from_id) OR NOT EXISTS "
                     + "(SELECT 1 FROM memory_nodes n WHERE n.id = e.to_id)")) {
            rs.next();
            assertThat(rs.getLong(1)).as("dangling edges").isZero();
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void sessionNodesAreNewestFirstWithKindAndTimeFiltersAndCursorPaging() {
        Session s = session();
        store.store(s);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<Node> appended = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Prompt p = promptAt(s, "q" + i, t0.plusSeconds(i));
            Response r = new Response("r" + i + "-" + s.id(), s.id(), p.id(), t0.plusSeconds(i).plusMillis(500), "a" + i,
                    new io.cistern.memory.model.TokenUsage(1, 2), "stop", 500);
            assertThat(store.store(p)).isEqualTo(2L * i + 1);
            assertThat(store.store(r)).isEqualTo(2L * i + 2);
            appended.add(p);
            appended.add(r);
        }
        List<String> newestFirst = appended.stream().map(Node::id).collect(Collectors.toCollection(ArrayList::new));
        java.util.Collections.reverse(newestFirst);

        List<String> paged = new ArrayList<>();
        SessionQuery q = SessionQuery.of(s.id()).limit(7);
        Page<SessionEntry> page;
        int pages = 0;
        do {
            page = store.sessionNodes(q);
            pages++;
            page.items().forEach(e -> paged.add(e.node().id()));
            if (page.hasNext()) {
                q = SessionQuery.of(s.id()).limit(7).after(page.nextCursor().getAsLong());
            }
        } while (page.hasNext());
        assertThat(paged).isEqualTo(newestFirst);
        assertThat(pages).isEqualTo(8); // 50 / 7 rounded up

        Page<SessionEntry> prompts = store.sessionNodes(SessionQuery.of(s.id()).kinds(NodeKind.PROMPT).limit(100));
        assertThat(prompts.items()).hasSize(25).allMatch(e -> e.node() instanceof Prompt);
        assertThat(prompts.items().get(0).node().id()).isEqualTo(appended.get(48).id());
        assertThat(prompts.hasNext()).isFalse();

        Page<SessionEntry> window = store.sessionNodes(SessionQuery.of(s.id())
                .between(t0.plusSeconds(10), t0.plusSeconds(13)).limit(100));
        assertThat(window.items()).extracting(e -> e.node().id())
                .containsExactly(newestFirst.subList(50 - 26, 50 - 20).toArray(String[]::new));

        assertThatThrownBy(() -> SessionQuery.of(s.id()).limit(0)).hasMessageContaining("limit = 0 is not allowed");
        assertThatThrownBy(() -> SessionQuery.of(s.id()).kinds(NodeKind.AGENT)).hasMessageContaining("AGENT is not allowed");
    }

    @Test
    void threadAndStreamGiveTheConversationInAppendOrder() {
        Session s = session();
        store.store(s);
        int turns = MemoryStore.STREAM_PAGE * 2 + 37;
        Batch batch = store.batch();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < turns; i++) {
            Prompt p = prompt(s, "turn " + i);
            batch.add(p);
            ids.add(p.id());
        }
        BatchResult result = batch.commit();
        assertThat(result.sequences()).hasSize(turns);

        List<SessionEntry> thread = store.thread(s.id());
        assertThat(thread).extracting(e -> e.node().id()).isEqualTo(ids);
        assertThat(thread).extracting(SessionEntry::seq).isEqualTo(oneTo(turns));
        try (var stream = store.streamSession(s.id())) {
            assertThat(stream.map(e -> e.node().id()).toList()).isEqualTo(ids);
        }
        assertThat(store.streamSession("no-such-session").count()).isZero();
    }

    private static List<Long> oneTo(long last) {
        return java.util.stream.LongStream.rangeClosed(1, last).boxed().toList();
    }

    @Test
    void lineageFollowsPromptTemplateChainAndToolsToTheDepth() {
        Session s = session();
        store.store(s);
        PromptTemplate v1 = template("1.0.0");
        PromptTemplate v2 = v1.derive("1.1.0", v1.text(), v1.variables());
        PromptTemplate v3 = v2.derive("2.0.0", v1.text(), v1.variables());
        store.batch().add(v1).add(v2).add(v3)
                .add(Edge.of(v2, v1, new EdgeProperties.Inherits("minor")))
                .add(Edge.of(v3, v2, new EdgeProperties.Inherits("major"))).commit();
        Response r1 = turn(store, s, null, null, 0);
        Prompt p1 = store.lineage(r1.id(), 1).orElseThrow().prompt();
        Response r2 = turn(store, s, p1, v1, 0);
        Prompt p2 = store.lineage(r2.id(), 1).orElseThrow().prompt();
        Response r3 = turn(store, s, p2, v3, 3);

        Lineage deep = store.lineage(r3.id(), 5).orElseThrow();
        assertThat(deep.response()).isEqualTo(r3);
        assertThat(deep.prompt().templateId()).isEqualTo(v3.id());
        assertThat(deep.earlierPrompts()).containsExactly(p2, p1);
        assertThat(deep.templates()).containsExactly(v3, v2, v1);
        assertThat(deep.tools()).extracting(ToolInvocation::toolName).containsExactly("tool0", "tool1", "tool2");

        Lineage shallow = store.lineage(r3.id(), 2).orElseThrow();
        assertThat(shallow.earlierPrompts()).containsExactly(p2);
        assertThat(shallow.templates()).containsExactly(v3, v2);

        assertThat(store.lineage("missing", 3)).isEmpty();
        assertThatThrownBy(() -> store.lineage(p1.id(), 3)).hasMessageContaining("lineage starts from a response");
        assertThatThrownBy(() -> store.lineage(r3.id(), 0)).hasMessageContaining("depth = 0 is not allowed");
    }

    @Test
    void aBatchIsAllOrNothingAndOneLimiterOperation() {
        Session s = session();
        store.store(s);
        long before = store.limiterStats().total();
        Prompt p = prompt(s, "ok");
        Response r = response(p, "ok");
        BatchResult ok = store.batch().add(p).add(r).add(Edge.of(r, p, new EdgeProperties.RespondsTo(1))).commit();
        assertThat(ok.sequences()).containsEntry(p.id(), 1L).containsEntry(r.id(), 2L);
        assertThat(store.limiterStats().total()).isEqualTo(before + 1);

        Prompt lost = prompt(s, "never stored");
        assertThatThrownBy(() -> store.batch().add(lost).add(Edge.of(lost.id(), "ghost", new EdgeProperties.Follows(0))).commit())
                .hasMessageContaining("'ghost' does not exist");
        assertThat(store.get(lost.id())).isEmpty();
        // the failed batch did not consume a sequence number either
        Prompt next = prompt(s, "next");
        assertThat(store.store(next)).isEqualTo(3);
        assertThat(store.limiterStats().failed()).isEqualTo(1);
    }

    @Test
    void statisticsCountEveryKindAndTheBytesOnDisk() {
        Session s = session();
        store.store(s);
        store.store(agent("a"));
        turn(store, s, null, null, 2);
        StoreStatistics stats = store.statistics();
        assertThat(stats.nodes()).containsEntry(NodeKind.SESSION, 1L).containsEntry(NodeKind.AGENT, 1L)
                .containsEntry(NodeKind.PROMPT, 1L).containsEntry(NodeKind.RESPONSE, 1L)
                .containsEntry(NodeKind.TOOL_INVOCATION, 2L).containsEntry(NodeKind.PROMPT_TEMPLATE, 0L);
        assertThat(stats.edges()).containsEntry(EdgeKind.PART_OF, 1L).containsEntry(EdgeKind.RESPONDS_TO, 1L)
                .containsEntry(EdgeKind.INVOKES, 2L).containsEntry(EdgeKind.FOLLOWS, 0L);
        assertThat(stats.totalNodes()).isEqualTo(6);
        assertThat(stats.storageBytes()).isGreaterThan(8192);
    }

    @Test
    void concurrentAppendsToOneSessionGetEverySequenceNumberOnce() throws Exception {
        Session s = session();
        store.store(s);
        int threads = 16;
        int each = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        ConcurrentLinkedQueue<long[]> acknowledged = new ConcurrentLinkedQueue<>();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                long last = 0;
                for (int i = 0; i < each; i++) {
                    Prompt p = prompt(s, thread + ":" + i);
                    long seq = store.store(p);
                    // one thread's own appends must come out in the order it made them
                    assertThat(seq).isGreaterThan(last);
                    last = seq;
                    acknowledged.add(new long[] {thread, i, seq});
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();

        List<SessionEntry> thread = store.thread(s.id());
        assertThat(thread).hasSize(threads * each);
        assertThat(thread).extracting(SessionEntry::seq).isEqualTo(oneTo(threads * each));
        Map<Long, String> contentBySeq = thread.stream()
                .collect(Collectors.toMap(SessionEntry::seq, e -> ((Prompt) e.node()).content()));
        for (long[] ack : acknowledged) {
            assertThat(contentBySeq.get(ack[2])).isEqualTo(ack[0] + ":" + ack[1]);
        }
        assertThat(contentBySeq.values()).doesNotHaveDuplicates();
        assertThat(store.get(s.id(), Session.class).orElseThrow().updatedAt()).isAfterOrEqualTo(s.createdAt());
    }

    @Test
    void hotReadsAreCachedAndInvalidatedExactlyByTheWritesThatChangeThem() {
        Session s = session();
        Session other = session();
        store.store(s);
        store.store(other);
        Response r = turn(store, s, null, null, 1);
        Response unrelated = turn(store, other, null, null, 0);

        long hits = store.cacheStats().hits();
        store.thread(s.id());
        store.thread(s.id());
        store.lineage(r.id(), 3);
        store.lineage(r.id(), 3);
        store.lineage(unrelated.id(), 3);
        store.get(r.id());
        store.get(r.id());
        assertThat(store.cacheStats().hits() - hits).isEqualTo(3);

        // An append to another session and an edge elsewhere change none of these answers.
        turn(store, other, null, null, 0);
        hits = store.cacheStats().hits();
        assertThat(store.thread(s.id())).hasSize(3);
        assertThat(store.lineage(r.id(), 3).orElseThrow().tools()).hasSize(1);
        assertThat(store.get(r.id())).isPresent();
        assertThat(store.cacheStats().hits() - hits).isEqualTo(3);

        // A new tool call of r: its lineage reloads and shows it; the unrelated lineage stays cached.
        ToolInvocation extra = tool(r, "late");
        store.batch().add(extra).add(Edge.of(r, extra, new EdgeProperties.Invokes(5, false))).commit();
        hits = store.cacheStats().hits();
        assertThat(store.lineage(r.id(), 3).orElseThrow().tools()).extracting(ToolInvocation::toolName)
                .containsExactly("tool0", "late");
        assertThat(store.thread(s.id())).hasSize(4);
        store.lineage(unrelated.id(), 3);
        assertThat(store.cacheStats().hits() - hits).isEqualTo(1);

        // Deleting the tool node removes it from the cached lineage and the cached node.
        store.get(extra.id());
        assertThat(store.delete(extra.id())).isTrue();
        assertThat(store.get(extra.id())).isEmpty();
        assertThat(store.lineage(r.id(), 3).orElseThrow().tools()).hasSize(1);
        assertThat(store.thread(s.id())).hasSize(3);
    }

    @Test
    void cachedReadsUnderConcurrentWritesEndEqualToTheDatabase() throws Exception {
        Session s = session();
        store.store(s);
        Response first = turn(store, s, null, null, 0);
        int writers = 4;
        int readers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers + readers);
        CountDownLatch start = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        List<Future<?>> writes = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            writes.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < 25; i++) {
                    ToolInvocation t = tool(first, "w" + i);
                    store.batch().add(t).add(Edge.of(first, t, new EdgeProperties.Invokes(i, false))).commit();
                }
                return null;
            }));
        }
        List<Future<?>> reads = new ArrayList<>();
        for (int r = 0; r < readers; r++) {
            reads.add(pool.submit(() -> {
                start.await();
                while (writing.get()) {
                    store.thread(s.id());
                    store.lineage(first.id(), 4);
                    store.get(s.id());
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : writes) {
            f.get(120, TimeUnit.SECONDS);
        }
        writing.set(false);
        for (Future<?> f : reads) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        try (MemoryStore uncached = MemoryStore.open(config.toBuilder().cacheSize(0).build())) {
            assertThat(store.thread(s.id())).isEqualTo(uncached.thread(s.id())).hasSize(2 + writers * 25);
            assertThat(store.lineage(first.id(), 4)).isEqualTo(uncached.lineage(first.id(), 4));
            assertThat(store.lineage(first.id(), 4).orElseThrow().tools()).hasSize(writers * 25);
            assertThat(store.get(s.id())).isEqualTo(uncached.get(s.id()));
        }
    }

    @Test
    void aPostgresqlUrlWithSeveralHostsGoesThroughTheClusterToThePrimary() {
        org.junit.jupiter.api.Assumptions.assumeTrue(backend == Backend.POSTGRESQL, "multi-host URLs are PostgreSQL's");
        store.close();
        // port 1 on loopback refuses at once: a dead host beside the live primary
        String multiHost = config.jdbcUrl().replace("jdbc:postgresql://", "jdbc:postgresql://127.0.0.1:1,");
        store = MemoryStore.open(config.toBuilder().toJdbc(multiHost).build());
        Session s = session();
        store.store(s);
        turn(store, s, null, null, 1);
        assertThat(store.get(s.id())).isPresent();
        assertThat(store.thread(s.id())).hasSize(3);
        assertThat(store.description()).contains("PostgreSQL cluster").contains("127.0.0.1:1,");
        var health = store.clusterHealth().orElseThrow();
        String live = config.jdbcUrl().replaceAll("jdbc:postgresql://([^/]+)/.*", "$1");
        assertThat(health.writeEndpoint()).isEqualTo(live);
        assertThat(health.endpoint("127.0.0.1:1").up()).isFalse();
        assertThat(health.endpoint(live).writesServed()).isGreaterThan(0);
        assertThat(store.poolStats()).isEmpty();
    }

    @Test
    void theLimiterBoundsConcurrencyCountsOutcomesAndTimesOut() throws Exception {
        store.close();
        store = MemoryStore.open(config.toBuilder().maxConcurrent(1)
                .acquireTimeout(java.time.Duration.ofMillis(300)).cacheSize(0).build());
        Session s = session();
        store.store(s);
        // Hold the write lock from outside, so an append waits inside the store holding the only permit.
        try (Connection outside = Backend.outsideConnection(config); Statement st = outside.createStatement()) {
            outside.setAutoCommit(false);
            if (config.isSqlite()) {
                st.execute("UPDATE memory_sessions SET last_seq = last_seq WHERE id = '" + s.id() + "'");
            } else {
                st.execute("SELECT 1 FROM memory_sessions WHERE id = '" + s.id() + "' FOR UPDATE");
            }
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<Long> blocked = pool.submit(() -> store.store(prompt(s, "waits")));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (store.limiterStats().active() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(store.limiterStats().active()).isEqualTo(1);
            assertThatThrownBy(() -> store.get(s.id())).isInstanceOf(AcquireTimeoutException.class);
            outside.rollback();
            assertThat(blocked.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            pool.shutdown();
        }
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        store.close();
        store = MemoryStore.open(config.toBuilder().maxConcurrent(2).build());
        List<Future<?>> futures = IntStream.range(0, threads).mapToObj(i -> pool.submit(() -> {
            for (int k = 0; k < 20; k++) {
                store.store(prompt(s, i + "/" + k));
                store.sessionNodes(SessionQuery.of(s.id()).limit(5));
            }
        })).collect(Collectors.toList());
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        var stats = store.limiterStats();
        assertThat(stats.peakActive()).isBetween(1, 2);
        assertThat(stats.total()).isEqualTo(threads * 40L);
        assertThat(stats.succeeded()).isEqualTo(threads * 40L);
        assertThat(stats.failed()).isZero();
        assertThat(stats.timeouts()).isZero();
        assertThat(stats.active()).isZero();
    }

    @Test
    void severalStoresOpeningTheSameFreshDatabaseAtOnceMigrateItOnce() throws Exception {
        store.close();
        MemoryStoreConfig shared = backend.freshConfig(dir.resolve("shared")).build();
        int openers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(openers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<MemoryStore>> opened = new ArrayList<>();
        for (int i = 0; i < openers; i++) {
            opened.add(pool.submit(() -> {
                start.await();
                return MemoryStore.open(shared);
            }));
        }
        start.countDown();
        List<MemoryStore> stores = new ArrayList<>();
        for (Future<MemoryStore> f : opened) {
            stores.add(f.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        try (Connection c = Backend.outsideConnection(shared); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*), SUM(CASE WHEN success THEN 1 ELSE 0 END) FROM "
                     + Database.HISTORY_TABLE + " WHERE version IS NOT NULL")) {
            rs.next();
            assertThat(rs.getInt(1)).as("each migration applied once").isEqualTo(Migrations.count(shared));
            assertThat(rs.getInt(2)).as("successful migrations").isEqualTo(Migrations.count(shared));
        }
        Session s = session();
        stores.get(0).store(s);
        assertThat(stores.get(openers - 1).get(s.id())).contains(s);
        stores.forEach(MemoryStore::close);
        store = MemoryStore.open(config);
    }
}
