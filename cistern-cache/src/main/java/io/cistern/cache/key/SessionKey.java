package io.cistern.cache.key;

/**
 * The key of a query about one session.
 *
 * @param sessionId the session's identifier, not blank
 */
public record SessionKey(String sessionId) implements StoreKey {

    /** @throws IllegalArgumentException if the id is blank */
    public SessionKey {
        Identifiers.require(sessionId, "sessionId");
    }

    @Override
    public Namespace namespace() {
        return Namespace.SESSION;
    }
}
