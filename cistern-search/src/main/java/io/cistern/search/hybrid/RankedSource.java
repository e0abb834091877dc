package io.cistern.search.hybrid;

import java.util.List;

/**
 * Something that answers a query with node ids, best first: the memory store's full-text search,
 * its semantic search, or anything else a caller wants fused.
 *
 * <pre>{@code
 * RankedSource fullText = (query, limit) -> ...; // e.g. MemoryStore.search mapped to RankedHit
 * }</pre>
 */
@FunctionalInterface
public interface RankedSource {

    /**
     * Searches.
     *
     * @param query the user's query, as given to {@link HybridSearch#search(String, int)}
     * @param limit the most hits wanted, at least 1
     * @return at most {@code limit} hits, best first, each id at most once; empty when nothing matches.
     *     May block (a database query, an embedding model).
     */
    List<RankedHit> search(String query, int limit);
}
