package io.cistern.search.minilm;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.cistern.memory.embedding.EmbeddingModel;
import io.cistern.search.langchain4j.LangChain4jEmbeddingModel;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Ready embedding models backed by LangChain4j's {@code AllMiniLmL6V2EmbeddingModel}.
 *
 * <pre>{@code
 * EmbeddingModel model = MiniLm.embeddingModel();   // share one: it is thread-safe
 * }</pre>
 *
 * <p>The vectors are {@value #DIMENSIONS} floats of unit length (mean pooling, then L2
 * normalisation), so cosine similarity is their dot product. Text longer than 510 tokens is not
 * cut off: LangChain4j embeds it in parts of 510 and averages them, weighted by length (the model
 * was trained on up to 256 word pieces, so very long turns blur). The model is English; it places
 * other languages poorly.
 *
 * <p>The ONNX model is loaded once per class loader, on first use (about a second), and shared by
 * every instance; an instance itself holds nothing but its executor.
 */
public final class MiniLm {

    /**
     * The name stored with every vector. It names the model and the runtime, not the library's
     * version: the weights in the jar have not changed across LangChain4j releases, and a name that
     * changed with every upgrade would orphan every stored vector.
     */
    public static final String NAME = "langchain4j-onnx:sentence-transformers/all-MiniLM-L6-v2";

    /** The length of every vector. */
    public static final int DIMENSIONS = 384;

    private MiniLm() {
    }

    /**
     * The model with LangChain4j's default executor: {@code embedAll} of several texts embeds them
     * in parallel on a pool of as many threads as cores, one text alone on the caller's thread.
     *
     * @return the model, in batches of {@value LangChain4jEmbeddingModel#DEFAULT_BATCH_SIZE} texts
     */
    public static EmbeddingModel embeddingModel() {
        return adapted(new AllMiniLmL6V2EmbeddingModel());
    }

    /**
     * The model embedding the texts of one {@code embedAll} on the given executor: a
     * single-thread executor keeps a background indexer to one core, leaving the rest to writers.
     *
     * @param executor where the texts of one call are embedded, in parallel if it allows
     * @return the model, in batches of {@value LangChain4jEmbeddingModel#DEFAULT_BATCH_SIZE} texts
     */
    public static EmbeddingModel embeddingModel(Executor executor) {
        return adapted(new AllMiniLmL6V2EmbeddingModel(Objects.requireNonNull(executor, "executor")));
    }

    private static EmbeddingModel adapted(AllMiniLmL6V2EmbeddingModel model) {
        return LangChain4jEmbeddingModel.builder(model).name(NAME).dimensions(DIMENSIONS).build();
    }
}
