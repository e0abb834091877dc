/**
 * Recall over a {@link io.cistern.memory.store.MemoryStore}: its full-text and semantic searches
 * fused into one ranking by {@link io.cistern.search.hybrid.HybridSearch}.
 *
 * <p>This is the wiring, not an engine: the store ranks (BM25 or {@code ts_rank_cd}, exact cosine),
 * the fusion combines ranks. It is not a query language either: the text is taken as words, any of
 * which may match; the store's own {@code search} takes the full syntax.
 */
package io.cistern.search.recall;
