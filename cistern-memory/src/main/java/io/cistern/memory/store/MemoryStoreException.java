package io.cistern.memory.store;

/** A store operation failed; the message says which and why, the cause is the database's error. */
public class MemoryStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed
     * @param cause why
     */
    public MemoryStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @param message what failed */
    public MemoryStoreException(String message) {
        super(message);
    }
}
