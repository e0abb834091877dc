package io.cistern.memory.graph;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Part of a knowledge graph: entities and relations, and where the next part starts.
 *
 * @param entities entities in insertion order
 * @param relations relations in insertion order
 * @param nextCursor the cursor of the next page, empty on the last
 */
public record GraphPage(List<Entity> entities, List<Relation> relations, Optional<String> nextCursor) {

    /** Copies the lists. */
    public GraphPage {
        entities = List.copyOf(entities);
        relations = List.copyOf(relations);
        Objects.requireNonNull(nextCursor, "nextCursor");
    }
}
