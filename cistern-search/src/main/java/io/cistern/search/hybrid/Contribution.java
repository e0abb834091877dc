package io.cistern.search.hybrid;

/**
 * What one source added to a {@link FusedHit}'s score, and why.
 *
 * @param source the source's name
 * @param rank the hit's position in that source's list, 1 for the first
 * @param sourceScore the source's own score for the hit (BM25, cosine similarity, ...), for display
 * @param weight the source's weight
 * @param share what it added to the fused score: {@code weight / (k + rank)}
 */
public record Contribution(String source, int rank, double sourceScore, double weight, double share) {
}
