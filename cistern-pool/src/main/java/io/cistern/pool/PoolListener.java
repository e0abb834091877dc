package io.cistern.pool;

/**
 * Receives a pool's timing events, for metrics. Called inline on the acquiring, releasing and
 * creating threads: implementations must be fast, thread-safe and must not block or throw. A pool
 * without a listener pays one null check per event.
 */
public interface PoolListener {

    /** @param waitNanos how long a successful acquire took */
    default void acquired(long waitNanos) {
    }

    /** @param heldNanos how long the lease was held before it was returned */
    default void released(long heldNanos) {
    }

    /** @param creationNanos how long a successful {@link ResourceFactory#create()} took */
    default void created(long creationNanos) {
    }

    /** An acquire gave up after its timeout. */
    default void timedOut() {
    }
}
