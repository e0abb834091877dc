package io.cistern.cache.key;

import java.util.Objects;

/**
 * The key of a lineage query: the nodes reachable from a root, walking edges in one direction, up
 * to a depth.
 *
 * @param rootNodeId the node the walk starts from, not blank
 * @param direction  which way the edges are walked
 * @param maxDepth   the most edges on a path, 1 or more
 */
public record LineageQueryKey(String rootNodeId, Direction direction, int maxDepth) implements StoreKey {

    /** Which way a lineage query walks. */
    public enum Direction {
        /** Towards the sources the root was derived from. */
        UPSTREAM,
        /** Towards what was derived from the root. */
        DOWNSTREAM,
        /** Both ways. */
        BOTH
    }

    /** @throws IllegalArgumentException if the root is blank or the depth is below 1 */
    public LineageQueryKey {
        Identifiers.require(rootNodeId, "rootNodeId");
        Objects.requireNonNull(direction, "direction");
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be 1 or more, was " + maxDepth);
        }
    }

    @Override
    public Namespace namespace() {
        return Namespace.LINEAGE_QUERY;
    }
}
