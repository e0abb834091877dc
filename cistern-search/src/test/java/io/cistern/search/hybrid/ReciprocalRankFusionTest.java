package io.cistern.search.hybrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReciprocalRankFusionTest {

    /** A list whose scores fall by one per rank, so that a test can see they are carried, not used. */
    static RankedList list(String source, double weight, String... ids) {
        List<RankedHit> hits = new ArrayList<>();
        for (int i = 0; i < ids.length; i++) {
            hits.add(new RankedHit(ids[i], 100 - i));
        }
        return new RankedList(source, weight, hits);
    }

    static List<String> ids(List<FusedHit> hits) {
        return hits.stream().map(FusedHit::id).toList();
    }

    /** Each row: k, the lists, the fused order expected (worked out by hand from weight / (k + rank)). */
    static Stream<Arguments> rankings() {
        return Stream.of(
                Arguments.of("both sources: a (1st and 2nd, 1/61 + 1/62) before c (3rd and 1st, 1/63 + 1/61)",
                        60, List.of(list("fulltext", 1, "a", "b", "c"), list("semantic", 1, "c", "a", "d")),
                        List.of("a", "c", "b", "d")),
                Arguments.of("a hit in both lists beats hits in one: x is 2nd and 2nd, 2/62 > 1/61",
                        60, List.of(list("fulltext", 1, "a", "x"), list("semantic", 1, "b", "x")),
                        List.of("x", "a", "b")),
                Arguments.of("weight 3 on semantic: its 2nd, c (3/62), beats full text's 1st, a (1/61)",
                        60, List.of(list("fulltext", 1, "a", "b"), list("semantic", 3, "b", "c")),
                        List.of("b", "c", "a")),
                Arguments.of("equal weights, same lists as above: b (1/62 + 1/61) still first, then a (1/61) before c (1/62)",
                        60, List.of(list("fulltext", 1, "a", "b"), list("semantic", 1, "b", "c")),
                        List.of("b", "a", "c")),
                Arguments.of("equal weights, mirrored lists: a and c tie (1/61 + 1/63), by id; b (2/62) last",
                        60, List.of(list("fulltext", 1, "a", "b", "c"), list("semantic", 1, "c", "b", "a")),
                        List.of("a", "c", "b")),
                Arguments.of("weight 0.25 on full text: semantic's order wins except where both agree",
                        60, List.of(list("fulltext", 0.25, "a", "b", "c"), list("semantic", 1, "c", "b", "a")),
                        List.of("c", "b", "a")),
                Arguments.of("a hit in only one list is kept, after those both rank",
                        60, List.of(list("fulltext", 1, "a", "b", "only-fulltext"), list("semantic", 1, "b", "a")),
                        List.of("a", "b", "only-fulltext")),
                Arguments.of("one list empty: the other's order",
                        60, List.of(list("fulltext", 1), list("semantic", 1, "z", "y", "x")),
                        List.of("z", "y", "x")),
                Arguments.of("every list empty: nothing",
                        60, List.of(list("fulltext", 1), list("semantic", 1)),
                        List.of()),
                Arguments.of("no list at all: nothing",
                        60, List.of(),
                        List.of()),
                Arguments.of("k = 0: a source's 1st (1) beats 3rd and 3rd (2/3)",
                        0, List.of(list("fulltext", 1, "a", "c", "b"), list("semantic", 1, "d", "e", "b")),
                        List.of("a", "d", "b", "c", "e")),
                Arguments.of("k = 60, same lists: 3rd and 3rd (2/63) beats a single 1st (1/61)",
                        60, List.of(list("fulltext", 1, "a", "c", "b"), list("semantic", 1, "d", "e", "b")),
                        List.of("b", "a", "d", "c", "e")),
                Arguments.of("k = 1000 flattens further: 10th and 10th (2/1010) beats 1st alone (1/1001)",
                        1000, List.of(
                                list("fulltext", 1, "a", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "x"),
                                list("semantic", 1, "b", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "q8", "x")),
                        List.of("x", "a", "b", "p1", "q1", "p2", "q2", "p3", "q3", "p4", "q4", "p5", "q5", "p6", "q6",
                                "p7", "q7", "p8", "q8")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rankings")
    void fusesInTheDocumentedOrder(String why, int k, List<RankedList> lists, List<String> expected) {
        assertThat(ids(ReciprocalRankFusion.withK(k).fuse(lists))).as(why).isEqualTo(expected);
    }

    @Test
    void theScoreIsTheSumOfWeightOverKPlusRankAndEachSourcesShareIsKept() {
        List<FusedHit> fused = ReciprocalRankFusion.withDefaultK().fuse(List.of(
                list("fulltext", 1, "a", "b", "c"),
                list("semantic", 2, "c", "a")));

        FusedHit a = fused.stream().filter(hit -> hit.id().equals("a")).findFirst().orElseThrow();
        assertThat(a.score()).isCloseTo(1.0 / 61 + 2.0 / 62, within(1e-15));
        // Largest share first: semantic's 2/62 before full text's 1/61.
        assertThat(a.contributions()).containsExactly(
                new Contribution("semantic", 2, 99, 2, 2.0 / 62),
                new Contribution("fulltext", 1, 100, 1, 1.0 / 61));

        FusedHit b = fused.stream().filter(hit -> hit.id().equals("b")).findFirst().orElseThrow();
        assertThat(b.contributions()).containsExactly(new Contribution("fulltext", 2, 99, 1, 1.0 / 62));
        assertThat(b.contributionOf("semantic")).isEmpty();
        assertThat(b.contributionOf("fulltext")).map(Contribution::rank).contains(2);
    }

    @Test
    void sourceScoresDoNotChangeTheRanking() {
        // Ranked by position even when the scores say the opposite (BM25 in SQLite: lower is better).
        RankedList bm25 = new RankedList("fulltext", 1, List.of(new RankedHit("a", -9.5), new RankedHit("b", -1.0)));
        RankedList cosine = new RankedList("semantic", 1, List.of(new RankedHit("a", 0.1), new RankedHit("b", 0.9)));

        assertThat(ids(ReciprocalRankFusion.withDefaultK().fuse(List.of(bm25, cosine)))).containsExactly("a", "b");
    }

    @Test
    void equalScoresGoToTheLargerSingleShareThenToTheSmallerId() {
        // k = 0: y and z are each 1st in one list (1), x is 2nd in both (1/2 + 1/2 = 1): three equal
        // scores. y and z have a share of 1, x only of 1/2; y and z are ordered by id.
        List<FusedHit> fused = ReciprocalRankFusion.withK(0).fuse(List.of(
                list("semantic", 1, "z", "x"),
                list("fulltext", 1, "y", "x")));

        assertThat(fused).extracting(FusedHit::score).containsOnly(1.0);
        assertThat(ids(fused)).containsExactly("y", "z", "x");
    }

    @Test
    void symmetricHitsAreOrderedByIdWhicheverListComesFirst() {
        RankedList first = list("fulltext", 1, "m", "k");
        RankedList second = list("semantic", 1, "k", "m");
        ReciprocalRankFusion fusion = ReciprocalRankFusion.withDefaultK();

        assertThat(ids(fusion.fuse(List.of(first, second)))).containsExactly("k", "m");
        assertThat(ids(fusion.fuse(List.of(second, first)))).containsExactly("k", "m");
        assertThat(fusion.fuse(List.of(first, second))).isEqualTo(fusion.fuse(List.of(second, first)));
    }

    @Test
    void anIdTwiceInOneListIsRejectedNamingTheSourceTheIdAndBothRanks() {
        assertThatThrownBy(() -> list("semantic", 1, "a", "b", "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'semantic'")
                .hasMessageContaining("'a'")
                .hasMessageContaining("at 1 and 3");
    }

    @Test
    void theSameIdInDifferentListsIsOneHit() {
        List<FusedHit> fused = ReciprocalRankFusion.withDefaultK().fuse(List.of(
                list("fulltext", 1, "a"), list("semantic", 1, "a"), list("graph", 1, "a")));

        assertThat(fused).hasSize(1);
        assertThat(fused.get(0).contributions()).extracting(Contribution::source)
                .containsExactly("fulltext", "graph", "semantic");
    }

    @Test
    void badInputIsRejectedNamingTheValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> ReciprocalRankFusion.withK(-1))
                .hasMessageContaining("k = -1").hasMessageContaining("0 or more");
        assertThatThrownBy(() -> list("semantic", 0, "a"))
                .hasMessageContaining("weight 0.0 of source 'semantic'").hasMessageContaining("greater than 0");
        assertThatThrownBy(() -> list("semantic", Double.NaN, "a")).hasMessageContaining("weight NaN");
        assertThatThrownBy(() -> list("semantic", Double.POSITIVE_INFINITY, "a")).hasMessageContaining("weight Infinity");
        assertThatThrownBy(() -> list(" ", 1, "a")).hasMessageContaining("source name ' '");
        assertThatThrownBy(() -> new RankedHit("", 1)).hasMessageContaining("hit id ''");
        assertThatThrownBy(() -> new RankedHit("a", Double.NaN)).hasMessageContaining("score NaN of hit 'a'");
        assertThatThrownBy(() -> ReciprocalRankFusion.withDefaultK().fuse(List.of(list("s", 1, "a"), list("s", 2, "b"))))
                .hasMessageContaining("source 's' is given twice");
    }
}
