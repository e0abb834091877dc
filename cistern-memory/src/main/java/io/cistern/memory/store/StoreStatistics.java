package io.cistern.memory.store;

import io.cistern.memory.embedding.EmbeddingStatistics;
import io.cistern.memory.model.EdgeKind;
import io.cistern.memory.model.NodeKind;
import java.util.Map;

/**
 * Counts and storage figures of a store.
 *
 * @param nodes nodes per kind (every kind present, zero included)
 * @param edges edges per kind (every kind present, zero included)
 * @param operations entries of the operation log
 * @param storageBytes bytes the store's data takes: the SQLite file and its WAL, or the PostgreSQL
 *     tables with their indexes
 * @param embeddings vectors stored and the embedding's backlog, counts and failures
 */
public record StoreStatistics(Map<NodeKind, Long> nodes, Map<EdgeKind, Long> edges, long operations,
                              long storageBytes, EmbeddingStatistics embeddings) {

    /** Copies the maps. */
    public StoreStatistics {
        nodes = Map.copyOf(nodes);
        edges = Map.copyOf(edges);
        java.util.Objects.requireNonNull(embeddings, "embeddings");
    }

    /** @return all nodes */
    public long totalNodes() {
        return nodes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return all edges */
    public long totalEdges() {
        return edges.values().stream().mapToLong(Long::longValue).sum();
    }
}
