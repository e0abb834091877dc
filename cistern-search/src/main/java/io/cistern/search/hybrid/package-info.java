/**
 * Hybrid ranking: several ranked lists of memory node ids (full text, semantic, or any other
 * {@link io.cistern.search.hybrid.RankedSource}) fused into one by reciprocal rank fusion.
 *
 * <p>{@link io.cistern.search.hybrid.ReciprocalRankFusion} is the pure function over lists already
 * fetched; {@link io.cistern.search.hybrid.HybridSearch} asks its sources for candidates and fuses
 * them. Every {@link io.cistern.search.hybrid.FusedHit} keeps the
 * {@link io.cistern.search.hybrid.Contribution} of each source that found it, so a caller can show
 * why a hit ranks where it does.
 *
 * <p>Not a search engine: nothing here reads the database or computes a text or vector score. The
 * sources do that (the memory store's full-text and semantic searches); fusion uses only their
 * order, never their scores, because a BM25 score and a cosine similarity have no common scale.
 */
package io.cistern.search.hybrid;
