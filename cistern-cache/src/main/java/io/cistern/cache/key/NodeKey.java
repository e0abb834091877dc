package io.cistern.cache.key;

/**
 * The key of a query about one node of the memory graph.
 *
 * @param nodeId the node's identifier, not blank
 */
public record NodeKey(String nodeId) implements StoreKey {

    /** @throws IllegalArgumentException if the id is blank */
    public NodeKey {
        Identifiers.require(nodeId, "nodeId");
    }

    @Override
    public Namespace namespace() {
        return Namespace.NODE;
    }
}
