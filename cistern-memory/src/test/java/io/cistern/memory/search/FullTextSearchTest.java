package io.cistern.memory.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.memory.graph.Entity;
import io.cistern.memory.graph.KnowledgeGraph;
import io.cistern.memory.graph.Observations;
import io.cistern.memory.model.Edge;
import io.cistern.memory.model.EdgeProperties;
import io.cistern.memory.model.ModelParameters;
import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.Response;
import io.cistern.memory.model.Session;
import io.cistern.memory.model.TokenUsage;
import io.cistern.memory.model.ToolInvocation;
import io.cistern.memory.store.MemoryStore;
import io.cistern.memory.store.OnBothBackends;
import io.cistern.memory.store.StoreAccess;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FullTextSearchTest extends OnBothBackends {

    static final ModelParameters PARAMS = new ModelParameters("gpt-4o", 0.2, 512, List.of("search"));

    static Prompt promptAt(Session s, String text, Instant at) {
        return new Prompt(UUID.randomUUID().toString(), s.id(), at, null, text, Map.of(), PARAMS);
    }

    static Set<String> ids(MemoryStore store, SearchQuery query) {
        Set<String> out = new HashSet<>();
        store.search(query.limit(SearchQuery.MAX_LIMIT)).hits().forEach(h -> out.add(h.nodeId()));
        return out;
    }

    static long count(MemoryStore store, String sql) {
        return StoreAccess.read(store, "count", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    void turnsAndObservationsAreFoundWithEveryFilterAndSyntax() {
        Session s = Session.create("acme", Map.of(), List.of());
        Session other = Session.create("acme", Map.of(), List.of());
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Prompt p = promptAt(s, "Where does the Rhine delta flood in spring?", t0);
        Response r = Response.to(p, "The river delta of the Rhine floods near Rotterdam.", new TokenUsage(1, 2), "stop", 5);
        ToolInvocation t = ToolInvocation.succeeded(r, "weather_lookup", "{\"city\":\"Rotterdam\"}", "{\"rain_mm\":42}", 3, 0);
        Prompt late = promptAt(s, "And the Danube delta?", t0.plusSeconds(3600));
        Prompt elsewhere = promptAt(other, "Rhine barges carry coal", t0);
        store.batch().add(s).add(other).add(p).add(r).add(t).add(late).add(elsewhere)
                .add(Edge.of(r, p, new EdgeProperties.RespondsTo(5))).commit();
        KnowledgeGraph.on(store).createEntities("acme", List.of(new Entity("Rotterdam", "city",
                List.of("largest port of Europe on the Rhine delta"))));

        assertThat(ids(store, SearchQuery.of("acme", "rhine"))).containsExactlyInAnyOrder(p.id(), r.id(), elsewhere.id(), "Rotterdam");
        assertThat(ids(store, SearchQuery.of("acme", "RHINE delta"))).containsExactlyInAnyOrder(p.id(), r.id(), "Rotterdam");
        assertThat(ids(store, SearchQuery.of("acme", "\"river delta\""))).containsExactly(r.id());
        assertThat(ids(store, SearchQuery.of("acme", "\"delta river\""))).isEmpty();
        assertThat(ids(store, SearchQuery.of("acme", "danube OR barges"))).containsExactlyInAnyOrder(late.id(), elsewhere.id());
        assertThat(ids(store, SearchQuery.of("acme", "delta -rhine"))).containsExactly(late.id());
        assertThat(ids(store, SearchQuery.of("acme", "rotter*"))).containsExactlyInAnyOrder(r.id(), t.id(), "Rotterdam");
        // tool name, arguments and result are indexed
        assertThat(ids(store, SearchQuery.of("acme", "weather lookup 42"))).containsExactly(t.id());
        assertThat(ids(store, SearchQuery.of("acme", "delta").kinds(SearchKind.PROMPT))).containsExactlyInAnyOrder(p.id(), late.id());
        assertThat(ids(store, SearchQuery.of("acme", "delta").kinds(SearchKind.OBSERVATION))).containsExactly("Rotterdam");
        assertThat(ids(store, SearchQuery.of("acme", "rhine").session(other.id()))).containsExactly(elsewhere.id());
        assertThat(ids(store, SearchQuery.of("acme", "delta").kinds(SearchKind.PROMPT)
                .between(t0.plusSeconds(1), null))).containsExactly(late.id());
        assertThat(ids(store, SearchQuery.of("acme", "delta").kinds(SearchKind.PROMPT)
                .between(null, t0.plusSeconds(1)))).containsExactly(p.id());
        assertThat(ids(store, SearchQuery.of("acm", "rhine"))).isEmpty();

        SearchHit hit = store.search(SearchQuery.of("acme", "coal")).hits().get(0);
        assertThat(hit).extracting(SearchHit::nodeId, SearchHit::sessionId, SearchHit::kind, SearchHit::createdAt)
                .containsExactly(elsewhere.id(), other.id(), SearchKind.PROMPT, t0);
        assertThat(hit.snippet()).isEqualTo("Rhine barges carry coal");
        assertThat(hit.score()).isPositive();
        SearchHit observation = store.search(SearchQuery.of("acme", "port")).hits().get(0);
        assertThat(observation.sessionId()).isNull();
        assertThat(observation.snippet()).contains("largest port of Europe");
    }

    @Test
    void moreMatchingWordsRankFirst() {
        Session s = Session.create("acme", Map.of(), List.of());
        Prompt once = Prompt.create(s.id(), "delta and many other words about nothing in particular today", PARAMS);
        Prompt thrice = Prompt.create(s.id(), "delta delta delta", PARAMS);
        store.batch().add(s).add(once).add(thrice).commit();
        List<SearchHit> hits = store.search(SearchQuery.of("acme", "delta")).hits();
        assertThat(hits).extracting(SearchHit::nodeId).containsExactly(thrice.id(), once.id());
        assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
    }

    @Test
    void deletesOfTurnsSessionsAndObservationsTakeTheirEntriesInTheSameTransaction() {
        Session s = Session.create("acme", Map.of(), List.of());
        Prompt a = Prompt.create(s.id(), "glacier melt", PARAMS);
        Prompt b = Prompt.create(s.id(), "glacier retreat", PARAMS);
        store.batch().add(s).add(a).add(b).commit();
        KnowledgeGraph kg = KnowledgeGraph.on(store);
        kg.createEntities("acme", List.of(new Entity("Aletsch", "glacier", List.of("glacier of the Alps", "longest glacier"))));
        kg.createEntities("acme", List.of(new Entity("Rhone", "glacier", List.of("glacier source of the Rhone"))));
        assertThat(count(store, "SELECT COUNT(*) FROM memory_search_entries")).isEqualTo(5);

        store.delete(a.id());
        assertThat(ids(store, SearchQuery.of("acme", "glacier"))).containsExactlyInAnyOrder(b.id(), "Aletsch", "Rhone");
        kg.deleteObservations("acme", List.of(new Observations("Aletsch", List.of("longest glacier"))));
        assertThat(store.search(SearchQuery.of("acme", "longest")).hits()).isEmpty();
        kg.deleteEntities("acme", List.of("Rhone"));
        assertThat(ids(store, SearchQuery.of("acme", "glacier"))).containsExactlyInAnyOrder(b.id(), "Aletsch");
        store.delete(s.id());
        assertThat(ids(store, SearchQuery.of("acme", "glacier"))).containsExactly("Aletsch");
        assertThat(count(store, "SELECT COUNT(*) FROM memory_search_entries")).isEqualTo(1);
    }

    @Test
    void aRefusedWriteLeavesNoEntry() {
        Session s = Session.create("acme", Map.of(), List.of());
        store.store(s);
        Prompt p = Prompt.create(s.id(), "orphan words", PARAMS);
        assertThatThrownBy(() -> store.batch().add(p).add(Edge.of(p.id(), "missing-node", new EdgeProperties.PartOf("user")))
                .commit()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing-node");
        assertThat(store.search(SearchQuery.of("acme", "orphan")).hits()).isEmpty();
        assertThat(count(store, "SELECT COUNT(*) FROM memory_search_entries")).isZero();
    }

    @Test
    void concurrentSingleAppendsAreEachIndexedOnce() throws Exception {
        Session s = Session.create("acme", Map.of(), List.of());
        store.store(s);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        store.store(Prompt.create(s.id(), "append w" + writer + " n" + i, PARAMS));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(count(store, "SELECT COUNT(*) FROM memory_search_entries")).isEqualTo(200);
        assertThat(count(store, "SELECT COUNT(DISTINCT node_id) FROM memory_search_entries")).isEqualTo(200);
        assertThat(store.search(SearchQuery.of("acme", "w3 n17")).hits()).hasSize(1);
    }

    @Test
    void pagesAreCompleteAndDisjointWhileMatchingTurnsAreAppended() {
        Session s = Session.create("acme", Map.of(), List.of());
        store.store(s);
        Set<String> before = new HashSet<>();
        var batch = store.batch();
        for (int i = 0; i < 120; i++) {
            Prompt p = Prompt.create(s.id(), "river report " + i + (i % 3 == 0 ? " river" : ""), PARAMS);
            batch.add(p);
            before.add(p.id());
        }
        batch.commit();
        List<String> seen = new ArrayList<>();
        SearchQuery first = SearchQuery.of("acme", "river").limit(7);
        SearchPage page = store.search(first);
        int pages = 1;
        while (true) {
            // best first within a page (SQLite's BM25 values move with every write, so not across pages)
            double lastScore = Double.MAX_VALUE;
            for (SearchHit h : page.hits()) {
                seen.add(h.nodeId());
                assertThat(h.score()).isLessThanOrEqualTo(lastScore);
                lastScore = h.score();
            }
            // appended between pages: must not appear in this search's later pages
            store.store(Prompt.create(s.id(), "river river river appended " + pages, PARAMS));
            if (page.nextCursor().isEmpty()) {
                break;
            }
            page = store.search(SearchQuery.of("acme", "river").limit(7).after(page.nextCursor().get()));
            pages++;
        }
        assertThat(pages).isEqualTo(18);
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(before);
    }

    @Test
    void badCursorsAndSyntaxAreOurErrorsNotSqlOnes() {
        Session s = Session.create("acme", Map.of(), List.of());
        store.store(s);
        for (int i = 0; i < 3; i++) {
            store.store(Prompt.create(s.id(), "fjord " + i, PARAMS));
        }
        String cursor = store.search(SearchQuery.of("acme", "fjord").limit(1)).nextCursor().orElseThrow();
        assertThatThrownBy(() -> store.search(SearchQuery.of("acme", "other").limit(1).after(cursor)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("belongs to another query");
        assertThatThrownBy(() -> store.search(SearchQuery.of("acme", "fjord").after("not-a-cursor")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'not-a-cursor' is not allowed");
        assertThatThrownBy(() -> store.search(SearchQuery.of("acme", "fjord OR")))
                .isInstanceOf(SearchSyntaxException.class).hasMessageContaining("'fjord OR'");
    }

    @Test
    void withTheIndexOffWritesWorkAndSearchRefusesClearly() {
        store.close();
        store = MemoryStore.open(config.toBuilder().fullTextIndex(false).build());
        Session s = Session.create("acme", Map.of(), List.of());
        store.batch().add(s).add(Prompt.create(s.id(), "unindexed words", PARAMS)).commit();
        KnowledgeGraph.on(store).createEntities("acme", List.of(new Entity("E", "t", List.of("unindexed observation"))));
        assertThat(count(store, "SELECT COUNT(*) FROM memory_search_entries")).isZero();
        assertThatThrownBy(() -> store.search(SearchQuery.of("acme", "unindexed")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("fullTextIndex(false)");
    }
}
