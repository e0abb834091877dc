package io.cistern.memory.embedding;

/**
 * What the store's embedding has done since it opened, and what it holds.
 *
 * @param model the configured model's name, null when none is configured (then every count is 0)
 * @param mode on or off the write path, null when no model is configured
 * @param stored vectors in the database, of every model
 * @param embedded turns this process embedded and stored since it opened (either mode, catch-up included)
 * @param failures model or storage failures off the write path (each a batch of turns left without
 *     a vector for the catch-up pass to retry), and model failures that failed a write on it
 * @param backlog turns queued off the write path and not yet embedded
 * @param overflowed turns that found the queue full, left to the catch-up pass
 * @param catchUpPasses catch-up passes finished (one runs when the store opens, more after an
 *     overflow or a failure)
 */
public record EmbeddingStatistics(String model, EmbeddingSettings.Mode mode, long stored, long embedded, long failures,
                                  long backlog, long overflowed, long catchUpPasses) {

    /** @param stored vectors in the database @return the figures of a store without a model */
    public static EmbeddingStatistics none(long stored) {
        return new EmbeddingStatistics(null, null, stored, 0, 0, 0, 0, 0);
    }
}
