package io.cistern.memory.graph;

/** An operation named an entity that does not exist; its message is the reference server's. */
public final class EntityNotFoundException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String entityName;

    EntityNotFoundException(String entityName) {
        super("Entity with name " + entityName + " not found");
        this.entityName = entityName;
    }

    /** @return the entity that does not exist */
    public String entityName() {
        return entityName;
    }
}
