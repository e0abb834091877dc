package io.cistern.cache;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One running call of a loader, which other callers for the same key wait on. A load is discarded
 * when its key is written or invalidated while it runs: its callers still get the result, but the
 * cache does not store it, because it may have been computed from data older than the write.
 */
final class Load<V> {

    private final Thread owner = Thread.currentThread();
    private final CompletableFuture<Stamped<V>> result = new CompletableFuture<>();
    private volatile boolean discarded;

    boolean isOwnedByCurrentThread() {
        return owner == Thread.currentThread();
    }

    void discard() {
        discarded = true;
    }

    boolean isDiscarded() {
        return discarded;
    }

    void complete(Stamped<V> entry) {
        result.complete(entry);
    }

    void fail(Throwable failure) {
        result.completeExceptionally(failure);
    }

    /** Waits for the owner's result, rethrowing the owner's exception as it was thrown. */
    Stamped<V> await() {
        try {
            return result.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw e;
        }
    }
}
