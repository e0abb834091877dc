package io.cistern.memory.embedding;

/**
 * The embedding model failed or returned something unusable (a vector of the wrong length, NaN).
 * On the write path this fails the write (nothing of it is written); for a text query it fails the
 * search. Off the write path it is only counted: the turns wait for the catch-up pass.
 */
public final class EmbeddingFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    EmbeddingFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
