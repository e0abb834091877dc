package io.cistern.memory.graph;

import java.util.List;

/**
 * What {@link KnowledgeGraph#addObservations} added to one entity.
 *
 * @param entityName the entity
 * @param addedObservations the observations it did not have before, in the order given
 */
public record ObservationsAdded(String entityName, List<String> addedObservations) {

    /** Copies the list. */
    public ObservationsAdded {
        addedObservations = List.copyOf(addedObservations);
    }
}
