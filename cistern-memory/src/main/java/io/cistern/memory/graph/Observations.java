package io.cistern.memory.graph;

import java.util.List;

/**
 * Observations of one entity, to add or to delete.
 *
 * @param entityName the entity
 * @param contents the observations
 */
public record Observations(String entityName, List<String> contents) {

    /** Checks the fields. */
    public Observations {
        Limits.text(entityName, "entityName", Limits.NAME);
        contents = Limits.texts(contents, "observation");
    }
}
