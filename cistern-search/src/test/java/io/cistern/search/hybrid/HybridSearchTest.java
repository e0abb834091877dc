package io.cistern.search.hybrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class HybridSearchTest {

    /** A source over a fixed ranking that records the limits it was asked for and honours them. */
    static final class FixedRanking implements RankedSource {
        final List<String> ranking;
        final List<Integer> limitsAsked = new CopyOnWriteArrayList<>();

        FixedRanking(List<String> ranking) {
            this.ranking = ranking;
        }

        @Override
        public List<RankedHit> search(String query, int limit) {
            limitsAsked.add(limit);
            List<RankedHit> hits = new ArrayList<>();
            for (int i = 0; i < Math.min(limit, ranking.size()); i++) {
                hits.add(new RankedHit(ranking.get(i), ranking.size() - i));
            }
            return hits;
        }
    }

    static List<String> prefixed(String prefix, int count, String last) {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            ids.add(prefix + i);
        }
        ids.add(last);
        return ids;
    }

    @Test
    void asksEachSourceForMoreThanTheLimitSoThatAHitBothRankLowIsFound() {
        // x is 20th in both: 2/80 beats any single 1st (1/61), but only a source asked for 20 or more shows it.
        FixedRanking fullText = new FixedRanking(prefixed("f", 19, "x"));
        FixedRanking semantic = new FixedRanking(prefixed("s", 19, "x"));
        HybridSearch search = HybridSearch.builder()
                .source("fulltext", 1, fullText)
                .source("semantic", 1, semantic)
                .build();

        List<FusedHit> hits = search.search("q", 5);

        assertThat(hits).extracting(FusedHit::id).containsExactly("x", "f1", "s1", "f2", "s2");
        assertThat(fullText.limitsAsked).containsExactly(HybridSearch.DEFAULT_CANDIDATES_PER_SOURCE);
        assertThat(semantic.limitsAsked).containsExactly(HybridSearch.DEFAULT_CANDIDATES_PER_SOURCE);
    }

    @Test
    void withFewerCandidatesPerSourceTheLowHitIsNotSeen() {
        HybridSearch search = HybridSearch.builder()
                .source("fulltext", 1, new FixedRanking(prefixed("f", 19, "x")))
                .source("semantic", 1, new FixedRanking(prefixed("s", 19, "x")))
                .candidatesPerSource(5)
                .build();

        assertThat(search.search("q", 5)).extracting(FusedHit::id).containsExactly("f1", "s1", "f2", "s2", "f3");
    }

    @Test
    void aLimitAboveTheCandidatesIsWhatEachSourceIsAskedFor() {
        FixedRanking source = new FixedRanking(prefixed("f", 200, "x"));
        HybridSearch search = HybridSearch.builder().source("fulltext", 1, source).build();

        assertThat(search.search("q", 120)).hasSize(120);
        assertThat(source.limitsAsked).containsExactly(120);
    }

    @Test
    void passesTheQueryAndKeepsWeightsAndK() {
        List<String> queries = new CopyOnWriteArrayList<>();
        RankedSource echo = (query, limit) -> {
            queries.add(query);
            return List.of(new RankedHit(query.toLowerCase(Locale.ROOT), 1));
        };
        HybridSearch search = HybridSearch.builder().source("echo", 2.5, echo).k(10).build();

        List<FusedHit> hits = search.search("Kitten", 3);

        assertThat(queries).containsExactly("Kitten");
        assertThat(hits).singleElement().satisfies(hit -> {
            assertThat(hit.id()).isEqualTo("kitten");
            assertThat(hit.score()).isEqualTo(2.5 / 11);
        });
        assertThat(search.fusion().k()).isEqualTo(10);
    }

    @Test
    void aSourceThatReturnsMoreThanAskedOrFailsIsNotHidden() {
        RankedSource greedy = (query, limit) -> new FixedRanking(prefixed("g", limit, "extra")).search(query, limit + 1);
        HybridSearch tooMany = HybridSearch.builder().source("greedy", 1, greedy).build();
        assertThatThrownBy(() -> tooMany.search("q", 5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'greedy' returned 51 hits when asked for at most 50");

        RankedSource failing = (query, limit) -> {
            throw new IllegalStateException("model unavailable");
        };
        HybridSearch broken = HybridSearch.builder()
                .source("fulltext", 1, new FixedRanking(List.of("a")))
                .source("semantic", 1, failing)
                .build();
        assertThatThrownBy(() -> broken.search("q", 5)).hasMessage("model unavailable");
    }

    @Test
    void badConfigurationIsRejectedNamingTheValue() {
        RankedSource none = (query, limit) -> List.of();
        assertThatThrownBy(() -> HybridSearch.builder().build()).hasMessageContaining("at least one source");
        assertThatThrownBy(() -> HybridSearch.builder().source("a", 1, none).source("a", 2, none))
                .hasMessageContaining("source 'a' is added twice");
        assertThatThrownBy(() -> HybridSearch.builder().source("a", -1, none))
                .hasMessageContaining("weight -1.0 of source 'a'");
        assertThatThrownBy(() -> HybridSearch.builder().candidatesPerSource(0))
                .hasMessageContaining("candidatesPerSource = 0").hasMessageContaining("1 to 10000");
        assertThatThrownBy(() -> HybridSearch.builder().k(-5)).hasMessageContaining("k = -5");
        HybridSearch search = HybridSearch.builder().source("a", 1, none).build();
        assertThatThrownBy(() -> search.search("q", 0)).hasMessageContaining("limit = 0");
        assertThatThrownBy(() -> search.search("q", 10_001)).hasMessageContaining("limit = 10001");
    }
}
