package io.cistern.memory.store;

import java.util.Map;

/**
 * What a committed {@link Batch} wrote.
 *
 * @param nodes nodes stored
 * @param edges edges stored
 * @param sequences the sequence number each turn got, by turn id
 */
public record BatchResult(int nodes, int edges, Map<String, Long> sequences) {

    /** Copies the map. */
    public BatchResult {
        sequences = Map.copyOf(sequences);
    }
}
