package io.cistern.search.hybrid;

import java.util.List;
import java.util.Optional;

/**
 * One hit of a fused ranking.
 *
 * @param id the node id
 * @param score the fused score: the sum of the contributions' shares
 * @param contributions one per source that found the hit, largest share first (ties by source
 *     name); a source that did not find it is absent
 */
public record FusedHit(String id, double score, List<Contribution> contributions) {

    /** Copies the contributions. */
    public FusedHit {
        contributions = List.copyOf(contributions);
    }

    /**
     * @param source a source's name
     * @return that source's contribution, empty when it did not find this hit
     */
    public Optional<Contribution> contributionOf(String source) {
        return contributions.stream().filter(c -> c.source().equals(source)).findFirst();
    }
}
