package io.cistern.memory.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A directed, typed edge between two nodes.
 *
 * @param id the edge id
 * @param fromId the source node
 * @param toId the target node
 * @param createdAt creation time
 * @param properties the typed properties, which decide the kind
 */
public record Edge(String id, String fromId, String toId, Instant createdAt, EdgeProperties properties) {

    /** Checks and normalises the fields. */
    public Edge {
        Ids.require(id, "edge id");
        Ids.require(fromId, "from node id");
        Ids.require(toId, "to node id");
        createdAt = Ids.time(createdAt, "createdAt");
        Objects.requireNonNull(properties, "properties");
        if (fromId.equals(toId)) {
            throw new IllegalArgumentException("edge from node " + fromId + " to itself is not allowed");
        }
    }

    /** @return a new edge created now */
    public static Edge of(String fromId, String toId, EdgeProperties properties) {
        return new Edge(Ids.newId(), fromId, toId, Instant.now(), properties);
    }

    /** @return a new edge from {@code from} to {@code to}, created now */
    public static Edge of(Node from, Node to, EdgeProperties properties) {
        return of(from.id(), to.id(), properties);
    }

    /** @return the edge's kind */
    public EdgeKind kind() {
        return properties.kind();
    }
}
