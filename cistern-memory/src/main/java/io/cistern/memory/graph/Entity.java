package io.cistern.memory.graph;

import java.util.List;

/**
 * A named thing the agent remembers.
 *
 * @param name unique within its namespace
 * @param entityType what kind of thing, free text
 * @param observations facts about it, in the order they were added
 */
public record Entity(String name, String entityType, List<String> observations) {

    /** Checks the fields. */
    public Entity {
        Limits.text(name, "entity name", Limits.NAME);
        Limits.text(entityType, "entityType", Limits.NAME);
        observations = Limits.texts(observations, "observation");
    }
}
