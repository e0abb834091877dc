package io.cistern.cache.key;

/**
 * The key of a query about the edges of one relation from one node to another. Direction matters:
 * {@code EdgeKey(a, b, r)} and {@code EdgeKey(b, a, r)} are different keys.
 *
 * @param fromNodeId the source node, not blank
 * @param toNodeId   the target node, not blank
 * @param relation   the relation's name, not blank
 */
public record EdgeKey(String fromNodeId, String toNodeId, String relation) implements StoreKey {

    /** @throws IllegalArgumentException if any part is blank */
    public EdgeKey {
        Identifiers.require(fromNodeId, "fromNodeId");
        Identifiers.require(toNodeId, "toNodeId");
        Identifiers.require(relation, "relation");
    }

    /**
     * @param nodeId a node
     * @return whether the edge starts or ends at the node, for invalidating a changed node's edges
     */
    public boolean touches(String nodeId) {
        return fromNodeId.equals(nodeId) || toNodeId.equals(nodeId);
    }

    @Override
    public Namespace namespace() {
        return Namespace.EDGE;
    }
}
