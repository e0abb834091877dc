package io.cistern.memory.embedding;

import io.cistern.pool.config.NotAllowed;
import java.time.Duration;
import java.util.Objects;

/**
 * Which model embeds the store's turns, and when.
 *
 * <pre>{@code
 * MemoryStoreConfig.sqlite(dir).embedding(EmbeddingSettings.onWritePath(model)).build();
 * MemoryStoreConfig.sqlite(dir).embedding(EmbeddingSettings.offWritePath(model).queueCapacity(50_000)).build();
 * }</pre>
 *
 * @param model the model
 * @param mode on or off the write path
 * @param queueCapacity off the write path, the most turns waiting to be embedded; a turn that finds
 *     the queue full is not lost: it is left without a vector and a catch-up pass embeds it
 * @param drainOnClose off the write path, how long closing the store waits for the queue to empty;
 *     what is left then is embedded by the catch-up pass of the next open
 */
public record EmbeddingSettings(EmbeddingModel model, Mode mode, int queueCapacity, Duration drainOnClose) {

    /** The default {@link #queueCapacity()}. */
    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    /** The largest {@link #queueCapacity()}. */
    public static final int MAX_QUEUE_CAPACITY = 1_000_000;
    /** The default {@link #drainOnClose()}. */
    public static final Duration DEFAULT_DRAIN_ON_CLOSE = Duration.ofSeconds(5);

    /** When a turn is embedded. */
    public enum Mode {
        /**
         * Before the write's transaction (the model is not called while SQLite's single writer is
         * held), stored in that transaction: when the write returns, its turns are searchable. If
         * the model fails, the write fails and nothing of it is written.
         */
        ON_WRITE_PATH,
        /**
         * After the write commits, by one background worker fed through a bounded queue: the write
         * never waits for the model and never fails because of it. Until the worker gets to a turn it
         * is not found by a semantic search.
         */
        OFF_WRITE_PATH
    }

    /**
     * Checks the settings.
     *
     * @throws IllegalArgumentException naming the bad value and what is allowed
     */
    public EmbeddingSettings {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(mode, "mode");
        if (queueCapacity < 1 || queueCapacity > MAX_QUEUE_CAPACITY) {
            throw NotAllowed.setting("queueCapacity", queueCapacity, "1 to " + MAX_QUEUE_CAPACITY);
        }
        if (drainOnClose == null || drainOnClose.isNegative() || drainOnClose.compareTo(Duration.ofMinutes(10)) > 0) {
            throw NotAllowed.setting("drainOnClose", drainOnClose, "0 to 10 minutes");
        }
        String name = model.name();
        if (name == null || name.isBlank()) {
            throw NotAllowed.setting("model name", "'" + name + "'", "a non-blank name");
        }
        if (model.dimensions() < 1 || model.dimensions() > 65_536) {
            throw NotAllowed.setting("model " + name + " dimensions", model.dimensions(), "1 to 65536");
        }
    }

    /**
     * @param model the model
     * @return turns embedded before their write's transaction and stored in it
     */
    public static EmbeddingSettings onWritePath(EmbeddingModel model) {
        return new EmbeddingSettings(model, Mode.ON_WRITE_PATH, DEFAULT_QUEUE_CAPACITY, DEFAULT_DRAIN_ON_CLOSE);
    }

    /**
     * @param model the model
     * @return turns embedded in the background after their write committed
     */
    public static EmbeddingSettings offWritePath(EmbeddingModel model) {
        return new EmbeddingSettings(model, Mode.OFF_WRITE_PATH, DEFAULT_QUEUE_CAPACITY, DEFAULT_DRAIN_ON_CLOSE);
    }

    /** @param capacity 1 to {@value #MAX_QUEUE_CAPACITY} @return these settings with that queue capacity */
    public EmbeddingSettings queueCapacity(int capacity) {
        return new EmbeddingSettings(model, mode, capacity, drainOnClose);
    }

    /** @param bound 0 to 10 minutes @return these settings with that drain bound on close */
    public EmbeddingSettings drainOnClose(Duration bound) {
        return new EmbeddingSettings(model, mode, queueCapacity, bound);
    }
}
