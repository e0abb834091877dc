package io.cistern.search.hybrid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009): a hit's fused score is the
 * sum, over the sources that found it, of {@code weight / (k + rank)}, rank 1 being a source's
 * best hit.
 *
 * <p>Only ranks count, never the sources' own scores, so a BM25 score and a cosine similarity need
 * no normalising onto a common scale. A hit found by several sources gathers a share from each,
 * which is what lifts a node that both the words and the meaning agree on above one that only one
 * of them ranks highly.
 *
 * <p><b>The constant k</b> ({@value #DEFAULT_K} unless given) damps the top ranks. With a small k
 * a source's first place is worth far more than its second ({@code 1/(k+1)} against
 * {@code 1/(k+2)}), so one source's favourite wins; with a large k the shares flatten and a hit
 * that several sources rank moderately beats one that a single source ranks first. 60 is the value
 * of the original paper: its authors chose it in a small pilot run, did not tune it further, and
 * found it good across the test collections they fused, because it keeps one system's outlier at
 * the top from overriding the others' agreement. That is the situation here, two sources (full
 * text and semantic) that are each wrong in their own way, so the default follows the paper.
 *
 * <p><b>Weights</b> scale a whole source: weight 2 makes each of that source's ranks count twice
 * as much as a weight-1 source's same rank. Equal weights (the default of {@link HybridSearch})
 * are the paper's unweighted fusion.
 *
 * <p><b>Ties</b> are broken deterministically, never by the order the sources were given: equal
 * fused scores go to the hit with the larger single share (its best source ranked it higher), then
 * to the smaller id in {@link String#compareTo} order. Shares are summed largest first, so the same
 * ranks give bit-for-bit the same score whatever the order of the lists.
 *
 * <p>Immutable and thread-safe.
 */
public final class ReciprocalRankFusion {

    /** The k of the original paper, and the default here. */
    public static final int DEFAULT_K = 60;

    private static final Comparator<Contribution> LARGEST_SHARE_FIRST = Comparator
            .comparingDouble(Contribution::share).reversed()
            .thenComparing(Contribution::source);

    private static final Comparator<FusedHit> BEST_FIRST = Comparator
            .comparingDouble(FusedHit::score).reversed()
            .thenComparing(Comparator.comparingDouble((FusedHit hit) -> hit.contributions().get(0).share()).reversed())
            .thenComparing(FusedHit::id);

    private final int k;

    private ReciprocalRankFusion(int k) {
        this.k = k;
    }

    /** @return the fusion with {@code k = }{@value #DEFAULT_K} */
    public static ReciprocalRankFusion withDefaultK() {
        return new ReciprocalRankFusion(DEFAULT_K);
    }

    /**
     * @param k the damping constant, 0 or more (0 gives a source's first place the share
     *     {@code weight / 1}, its second {@code weight / 2})
     * @return the fusion with that k
     */
    public static ReciprocalRankFusion withK(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("RRF constant k = " + k + " is not allowed; allowed: 0 or more (default "
                    + DEFAULT_K + ")");
        }
        return new ReciprocalRankFusion(k);
    }

    /** @return the damping constant */
    public int k() {
        return k;
    }

    /**
     * Fuses the lists.
     *
     * @param lists one per source, each with a distinct source name; empty lists (a source that
     *     found nothing) are allowed and contribute nothing
     * @return every id found by any source, once, best first (see the class comment for ties);
     *     empty when every list is
     */
    public List<FusedHit> fuse(List<RankedList> lists) {
        Set<String> sources = new HashSet<>();
        Map<String, List<Contribution>> contributionsById = new LinkedHashMap<>();
        for (RankedList list : lists) {
            if (!sources.add(list.source())) {
                throw new IllegalArgumentException("source '" + list.source()
                        + "' is given twice; allowed: one list per source name");
            }
            List<RankedHit> hits = list.hits();
            for (int i = 0; i < hits.size(); i++) {
                RankedHit hit = hits.get(i);
                int rank = i + 1;
                contributionsById.computeIfAbsent(hit.id(), id -> new ArrayList<>())
                        .add(new Contribution(list.source(), rank, hit.score(), list.weight(), list.weight() / (k + rank)));
            }
        }
        List<FusedHit> fused = new ArrayList<>(contributionsById.size());
        for (Map.Entry<String, List<Contribution>> entry : contributionsById.entrySet()) {
            List<Contribution> contributions = entry.getValue();
            contributions.sort(LARGEST_SHARE_FIRST);
            double score = 0;
            for (Contribution contribution : contributions) {
                score += contribution.share();
            }
            fused.add(new FusedHit(entry.getKey(), score, contributions));
        }
        fused.sort(BEST_FIRST);
        return fused;
    }

    @Override
    public String toString() {
        return "ReciprocalRankFusion[k=" + k + "]";
    }
}
