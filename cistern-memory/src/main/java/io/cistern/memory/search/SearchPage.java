package io.cistern.memory.search;

import java.util.List;
import java.util.Optional;

/**
 * One page of hits, best first.
 *
 * @param hits the hits
 * @param nextCursor for {@link SearchQuery#after(String)}, empty on the last page
 */
public record SearchPage(List<SearchHit> hits, Optional<String> nextCursor) {

    /** Copies the hits. */
    public SearchPage {
        hits = List.copyOf(hits);
    }

    /** @return whether another page follows */
    public boolean hasNext() {
        return nextCursor.isPresent();
    }
}
