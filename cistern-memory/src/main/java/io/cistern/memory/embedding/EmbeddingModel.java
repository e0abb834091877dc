package io.cistern.memory.embedding;

import java.util.List;

/**
 * Turns text into vectors for semantic recall. Implementations are supplied by the user (an adapter
 * to LangChain4j's {@code EmbeddingModel} lives in cistern-search); the store never calls a remote
 * service by itself.
 *
 * <p>Vectors of different models are never compared: the store keeps {@link #name()} and
 * {@link #dimensions()} with every stored vector and scans only vectors of the model asked with.
 */
public interface EmbeddingModel {

    /** A stable name of the model and its version, stored with every vector it produced. */
    String name();

    /** The length of every vector {@link #embedAll(List)} returns. */
    int dimensions();

    /**
     * Embeds the texts, in order: element {@code i} of the result is the vector of {@code texts.get(i)},
     * each of length {@link #dimensions()}. May block (a model runs on the caller's thread).
     */
    List<float[]> embedAll(List<String> texts);
}
