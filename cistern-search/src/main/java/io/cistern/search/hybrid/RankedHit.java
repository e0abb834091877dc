package io.cistern.search.hybrid;

import java.util.Objects;

/**
 * One hit of one source: a node id and the source's own score for it.
 *
 * <p>The score is carried for display only (it ends up in {@link Contribution#sourceScore()}):
 * fusion ranks by position in the list, so its sign and scale are the source's business (SQLite's
 * BM25 is negative, better being lower; a cosine similarity is in [-1, 1], better being higher).
 *
 * @param id the node id, not blank
 * @param score the source's score, a finite number
 */
public record RankedHit(String id, double score) {

    /** Checks the id and the score. */
    public RankedHit {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("hit id '" + id + "' is not allowed; allowed: a non-blank node id");
        }
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("score " + score + " of hit '" + id
                    + "' is not allowed; allowed: a finite number");
        }
    }
}
