package io.cistern.memory.store;

/**
 * A batch's {@linkplain Batch#expectSessionMetadata expectation} about a session did not hold when
 * it committed: another writer changed the session since the caller read it. Nothing was written;
 * read again and retry.
 */
public final class SessionChangedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** @param message what was expected and what was found */
    public SessionChangedException(String message) {
        super(message);
    }
}
