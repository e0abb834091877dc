package io.cistern.memory.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.memory.model.Prompt;
import io.cistern.memory.model.Response;
import io.cistern.memory.model.Session;
import io.cistern.memory.model.TokenUsage;
import io.cistern.memory.model.ToolInvocation;
import io.cistern.memory.store.Backend;
import io.cistern.memory.store.Backends;
import io.cistern.memory.store.Batch;
import io.cistern.memory.store.MemoryStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One corpus written to a SQLite file and to PostgreSQL: every query of the syntax finds the same hits on both. */
class SameHitsOnBothDatabasesTest {

    private static final String[] WORDS = {"river", "delta", "flood", "rhine", "danube", "barge", "port", "coal", "spring",
            "summer", "glacier", "melt", "rain", "drought", "bridge", "lock", "canal", "harbour", "ferry", "storm", "e-mail",
            "Zürich", "naïve", "2026", "v1.2", "x86_64", "ÉCLUSE", "straße"};

    @TempDir
    Path dir;

    @Test
    void everyQueryFindsTheSameHitsOnSqliteAndPostgresql() {
        Random rnd = new Random(20);
        List<Session> sessions = new ArrayList<>();
        List<List<Object>> turns = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            Session session = Session.create(s % 2 == 0 ? "acme" : "acme-evil", Map.of(), List.of());
            sessions.add(session);
            List<Object> own = new ArrayList<>();
            for (int t = 0; t < 40; t++) {
                Prompt p = Prompt.create(session.id(), text(rnd, 4, 12), FullTextSearchTest.PARAMS);
                Response r = Response.to(p, text(rnd, 6, 20), new TokenUsage(1, 1), "stop", 1);
                ToolInvocation tool = ToolInvocation.succeeded(r, WORDS[rnd.nextInt(5)], "{\"q\":\"" + text(rnd, 1, 3) + "\"}",
                        "{\"r\":\"" + text(rnd, 2, 5) + "\"}", 1, 0);
                own.addAll(List.of(p, r, tool));
            }
            turns.add(own);
        }
        List<String> queries = List.of("river", "RIVER delta", "\"river delta\"", "\"delta river flood\"", "riv*", "d*",
                "rhine OR danube", "rhine OR danube OR glacier", "flood -rain", "flood -\"rain storm\"", "e-mail", "zürich",
                "naïve", "2026", "v1.2", "x86", "x86_64", "écluse", "straße", "port OR harbour -ferry bridge", "lo*", "canal lock");
        Map<Backend, List<Set<String>>> results = new java.util.EnumMap<>(Backend.class);
        for (Backend backend : Backend.values()) {
            try (MemoryStore store = Backends.fresh(backend, dir.resolve(backend.name()))) {
                for (int s = 0; s < sessions.size(); s++) {
                    Batch b = store.batch().add(sessions.get(s));
                    turns.get(s).forEach(n -> b.add((io.cistern.memory.model.Node) n));
                    b.commit();
                }
                List<Set<String>> hits = new ArrayList<>();
                for (String q : queries) {
                    hits.add(allHits(store, SearchQuery.of("acme", q)));
                }
                results.put(backend, hits);
            }
        }
        for (int i = 0; i < queries.size(); i++) {
            assertThat(results.get(Backend.POSTGRESQL).get(i)).as(queries.get(i)).isEqualTo(results.get(Backend.SQLITE).get(i));
        }
        // the corpus makes the comparison mean something: most queries find something, none finds everything
        long nonEmpty = results.get(Backend.SQLITE).stream().filter(h -> !h.isEmpty()).count();
        assertThat(nonEmpty).isGreaterThanOrEqualTo(queries.size() - 3);
        assertThat(results.get(Backend.SQLITE)).allMatch(h -> h.size() < 360);
    }

    /** Every hit of every page (pages of 25). */
    private static Set<String> allHits(MemoryStore store, SearchQuery first) {
        Set<String> ids = new LinkedHashSet<>();
        SearchPage page = store.search(first.limit(25));
        while (true) {
            page.hits().forEach(h -> assertThat(ids.add(h.nodeId())).as("no hit twice").isTrue());
            if (page.nextCursor().isEmpty()) {
                return ids;
            }
            page = store.search(SearchQuery.of(first.namespace(), first.parsed().text()).limit(25).after(page.nextCursor().get()));
        }
    }

    private static String text(Random rnd, int min, int max) {
        int n = min + rnd.nextInt(max - min + 1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : " ").append(WORDS[rnd.nextInt(WORDS.length)]);
        }
        return b.toString();
    }
}
