package io.cistern.memory.store;

import java.util.List;
import java.util.OptionalLong;

/**
 * One page of a paged query.
 *
 * @param items the items, in the query's order
 * @param nextCursor the cursor of the next page, empty on the last page
 * @param <T> the item type
 */
public record Page<T>(List<T> items, OptionalLong nextCursor) {

    /** Copies the items. */
    public Page {
        items = List.copyOf(items);
    }

    /** @return whether another page follows */
    public boolean hasNext() {
        return nextCursor.isPresent();
    }
}
