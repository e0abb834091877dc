package io.cistern.search.hybrid;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The hits of one source for one query, with the weight fusion gives that source.
 *
 * <p>A list naming the same id twice is rejected rather than merged: a source that repeats a hit is
 * wrong (the store's searches return each node once), and silently keeping one of the two ranks
 * would hide that.
 *
 * @param source the source's name, shown in every {@link Contribution}; not blank
 * @param weight how much a rank in this source counts, a finite number greater than 0; with equal
 *     weights every source counts the same
 * @param hits the hits, best first (position 0 is rank 1); each id at most once
 */
public record RankedList(String source, double weight, List<RankedHit> hits) {

    /** Checks the name, the weight and that no id repeats; copies the hits. */
    public RankedList {
        source = checkedSourceName(source);
        weight = checkedWeight(source, weight);
        hits = List.copyOf(hits);
        Map<String, Integer> rankById = new HashMap<>();
        for (int i = 0; i < hits.size(); i++) {
            Integer earlier = rankById.putIfAbsent(hits.get(i).id(), i + 1);
            if (earlier != null) {
                throw new IllegalArgumentException("source '" + source + "' ranks hit '" + hits.get(i).id()
                        + "' twice, at " + earlier + " and " + (i + 1)
                        + "; allowed: each id at most once in one source's list");
            }
        }
    }

    static String checkedSourceName(String source) {
        Objects.requireNonNull(source, "source");
        if (source.isBlank()) {
            throw new IllegalArgumentException("source name '" + source + "' is not allowed; allowed: a non-blank name");
        }
        return source;
    }

    static double checkedWeight(String source, double weight) {
        if (!(weight > 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException("weight " + weight + " of source '" + source
                    + "' is not allowed; allowed: a finite number greater than 0 (leave a source out to ignore it)");
        }
        return weight;
    }
}
