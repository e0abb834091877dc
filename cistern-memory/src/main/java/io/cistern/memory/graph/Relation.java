package io.cistern.memory.graph;

/**
 * A typed, directed relation between two entity names (which need not exist).
 *
 * @param from the name of the entity where it starts
 * @param to the name of the entity where it ends
 * @param relationType what the relation is, in active voice
 */
public record Relation(String from, String to, String relationType) {

    /** Checks the fields. */
    public Relation {
        Limits.text(from, "relation from", Limits.NAME);
        Limits.text(to, "relation to", Limits.NAME);
        Limits.text(relationType, "relationType", Limits.NAME);
    }
}
