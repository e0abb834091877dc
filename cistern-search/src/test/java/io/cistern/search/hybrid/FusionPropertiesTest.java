package io.cistern.search.hybrid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class FusionPropertiesTest {

    /** Ids from a small alphabet, so that lists overlap and ties happen. */
    private static Arbitrary<List<String>> rankings() {
        return Arbitraries.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j").list().uniqueElements().ofMaxSize(10);
    }

    @Provide
    Arbitrary<List<List<String>>> severalRankings() {
        return rankings().list().ofMinSize(1).ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<RankedList>> weightedLists() {
        return severalRankings().flatMap(rankings -> {
            List<Arbitrary<RankedList>> lists = new ArrayList<>();
            for (int i = 0; i < rankings.size(); i++) {
                String source = "source" + i;
                List<String> ranking = rankings.get(i);
                lists.add(Arbitraries.doubles().between(0.01, 10).map(weight -> list(source, weight, ranking)));
            }
            return Combinators.combine(lists).as(all -> all);
        });
    }

    private static RankedList list(String source, double weight, List<String> ranking) {
        List<RankedHit> hits = new ArrayList<>();
        for (int i = 0; i < ranking.size(); i++) {
            hits.add(new RankedHit(ranking.get(i), ranking.size() - i));
        }
        return new RankedList(source, weight, hits);
    }

    @Property
    void withEqualWeightsTheOrderOfTheSourcesChangesNothing(
            @ForAll("severalRankings") List<List<String>> rankings,
            @ForAll @IntRange(min = 0, max = 200) int k,
            @ForAll Random random) {
        List<RankedList> lists = new ArrayList<>();
        for (int i = 0; i < rankings.size(); i++) {
            lists.add(list("source" + i, 1.0, rankings.get(i)));
        }
        List<RankedList> shuffled = new ArrayList<>(lists);
        Collections.shuffle(shuffled, random);
        ReciprocalRankFusion fusion = ReciprocalRankFusion.withK(k);

        // Equal records: the same ids in the same order, bit-for-bit the same scores and contributions.
        assertThat(fusion.fuse(shuffled)).isEqualTo(fusion.fuse(lists));
    }

    @Property
    void aHitThatEverySourceRanksFirstIsFirst(
            @ForAll("weightedLists") List<RankedList> lists,
            @ForAll @IntRange(min = 0, max = 200) int k) {
        List<RankedList> withTop = new ArrayList<>();
        for (RankedList list : lists) {
            List<RankedHit> hits = new ArrayList<>();
            hits.add(new RankedHit("top", 1000));
            hits.addAll(list.hits());
            withTop.add(new RankedList(list.source(), list.weight(), hits));
        }

        List<FusedHit> fused = ReciprocalRankFusion.withK(k).fuse(withTop);

        assertThat(fused.get(0).id()).isEqualTo("top");
        assertThat(fused.get(0).contributions()).hasSize(lists.size()).allSatisfy(c -> assertThat(c.rank()).isEqualTo(1));
        if (fused.size() > 1) {
            assertThat(fused.get(0).score()).isGreaterThan(fused.get(1).score());
        }
    }

    @Property
    void everyIdFoundIsFusedOnceAndScoresNeverRise(@ForAll("weightedLists") List<RankedList> lists) {
        List<FusedHit> fused = ReciprocalRankFusion.withDefaultK().fuse(lists);

        List<String> found = lists.stream().flatMap(l -> l.hits().stream()).map(RankedHit::id).distinct().sorted().toList();
        assertThat(fused.stream().map(FusedHit::id).sorted().toList()).isEqualTo(found);
        for (int i = 1; i < fused.size(); i++) {
            assertThat(fused.get(i).score()).isLessThanOrEqualTo(fused.get(i - 1).score());
        }
    }
}
