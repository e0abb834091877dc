package io.cistern.search.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.output.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A LangChain4j embedding model as the memory store's {@link io.cistern.memory.embedding.EmbeddingModel}.
 *
 * <pre>{@code
 * EmbeddingModel model = LangChain4jEmbeddingModel.of(OpenAiEmbeddingModel.builder()...build());
 * // or, naming the model and its dimensions so that nothing is asked of it up front:
 * EmbeddingModel model = LangChain4jEmbeddingModel.builder(openAi)
 *         .name("openai/text-embedding-3-small").dimensions(1536).batchSize(256).build();
 * }</pre>
 *
 * <p><b>Batching.</b> {@link #embedAll(List)} hands the wrapped model at most {@code batchSize}
 * texts per call (default {@value #DEFAULT_BATCH_SIZE}), so a backlog of thousands of turns never
 * becomes one request larger than a service accepts, nor one in-process run that holds every
 * text's tensors at once.
 *
 * <p><b>Checks.</b> Every vector the model returns is checked before the store sees it: the
 * number of vectors must be the number of texts, and each vector must have {@link #dimensions()}
 * finite components. A wrong length is an {@link IllegalStateException} naming the model, the
 * text's position and both lengths, because a vector of another length stored under this model's
 * name would make every later similarity scan fail or lie.
 *
 * <p><b>Name.</b> Vectors of different models must never be compared, and the store tells them
 * apart by {@link #name()}. Unless given, the name is {@code langchain4j:<provider>:<model>}
 * with LangChain4j's {@code provider()} and {@code modelName()} (for example
 * {@code langchain4j:open_ai:text-embedding-3-small}); a model that does not report its name is
 * named by its class instead, and then it is better to give a name that includes the model's
 * version through {@link Builder#name(String)}.
 *
 * <p>Immutable; thread-safe when the wrapped model is (LangChain4j's are meant to be shared).
 */
public final class LangChain4jEmbeddingModel implements io.cistern.memory.embedding.EmbeddingModel {

    /** Texts per call to the wrapped model, by default. */
    public static final int DEFAULT_BATCH_SIZE = 64;

    /** The largest batch size accepted. */
    public static final int MAX_BATCH_SIZE = 10_000;

    private final dev.langchain4j.model.embedding.EmbeddingModel model;
    private final String name;
    private final int dimensions;
    private final int batchSize;

    private LangChain4jEmbeddingModel(Builder builder) {
        this.model = builder.model;
        this.name = builder.name != null ? builder.name : nameOf(builder.model);
        this.dimensions = builder.dimensions != null ? builder.dimensions : dimensionsOf(builder.model, name);
        this.batchSize = builder.batchSize;
    }

    /**
     * Wraps a model with the default name, its own dimension and the default batch size. Asking
     * a model its dimension may embed one probe text when the model does not know it up front
     * (one request to a remote service); {@link #builder} with {@link Builder#dimensions(int)}
     * avoids that.
     *
     * @param model the LangChain4j model
     * @return the model, as the store's SPI
     */
    public static LangChain4jEmbeddingModel of(dev.langchain4j.model.embedding.EmbeddingModel model) {
        return builder(model).build();
    }

    /**
     * @param model the LangChain4j model
     * @return a builder to set the name, the dimensions and the batch size
     */
    public static Builder builder(dev.langchain4j.model.embedding.EmbeddingModel model) {
        return new Builder(Objects.requireNonNull(model, "model"));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int dimensions() {
        return dimensions;
    }

    /** @return how many texts one call to the wrapped model gets at most */
    public int batchSize() {
        return batchSize;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException when a text is null or blank (LangChain4j embeds only
     *     non-blank text), naming its position
     * @throws IllegalStateException when the model returns another number of vectors than texts,
     *     or a vector of the wrong length or with a non-finite component
     */
    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("text " + i + " of " + texts.size() + " is "
                        + (text == null ? "null" : "blank") + "; allowed: non-blank text (model " + name + ")");
            }
            segments.add(TextSegment.from(text));
        }
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (int from = 0; from < segments.size(); from += batchSize) {
            List<TextSegment> batch = segments.subList(from, Math.min(from + batchSize, segments.size()));
            Response<List<Embedding>> response = model.embedAll(batch);
            List<Embedding> embeddings = response == null ? null : response.content();
            if (embeddings == null || embeddings.size() != batch.size()) {
                throw new IllegalStateException("embedding model " + name + " returned "
                        + (embeddings == null ? "no vectors" : embeddings.size() + " vectors") + " for " + batch.size()
                        + " texts (texts " + from + " to " + (from + batch.size() - 1) + ")");
            }
            for (int i = 0; i < embeddings.size(); i++) {
                vectors.add(checked(embeddings.get(i), from + i));
            }
        }
        return vectors;
    }

    private float[] checked(Embedding embedding, int position) {
        float[] vector = embedding == null ? null : embedding.vector();
        if (vector == null) {
            throw new IllegalStateException("embedding model " + name + " returned no vector for text " + position);
        }
        if (vector.length != dimensions) {
            throw new IllegalStateException("embedding model " + name + " returned a vector of length " + vector.length
                    + " for text " + position + "; expected length " + dimensions
                    + " (vectors of another length cannot be compared with this model's)");
        }
        for (int i = 0; i < vector.length; i++) {
            if (!Float.isFinite(vector[i])) {
                throw new IllegalStateException("embedding model " + name + " returned " + vector[i]
                        + " at component " + i + " of the vector of text " + position + "; expected finite numbers");
            }
        }
        // A copy: the wrapped model may keep or reuse the Embedding it returned.
        return vector.clone();
    }

    @Override
    public String toString() {
        return "LangChain4jEmbeddingModel[" + name + ", " + dimensions + " dimensions, batches of " + batchSize + "]";
    }

    private static String nameOf(dev.langchain4j.model.embedding.EmbeddingModel model) {
        String modelName = model.modelName();
        String identity = modelName == null || modelName.isBlank() || modelName.equals("unknown")
                ? model.getClass().getName()
                : modelName;
        return "langchain4j:" + String.valueOf(model.provider()).toLowerCase(Locale.ROOT) + ":" + identity;
    }

    private static int dimensionsOf(dev.langchain4j.model.embedding.EmbeddingModel model, String name) {
        int dimensions = model.dimension();
        if (dimensions < 1) {
            throw new IllegalStateException("embedding model " + name + " reports " + dimensions
                    + " dimensions; give them with LangChain4jEmbeddingModel.builder(model).dimensions(n)");
        }
        return dimensions;
    }

    /** Builds a {@link LangChain4jEmbeddingModel}; not thread-safe. */
    public static final class Builder {

        private final dev.langchain4j.model.embedding.EmbeddingModel model;
        private String name;
        private Integer dimensions;
        private int batchSize = DEFAULT_BATCH_SIZE;

        private Builder(dev.langchain4j.model.embedding.EmbeddingModel model) {
            this.model = model;
        }

        /**
         * @param name the name stored with every vector; include the model's version (a new
         *     version's vectors are not comparable with the old one's). Default: see the class comment.
         * @return this builder
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank() || name.length() > 200) {
                throw new IllegalArgumentException("embedding model name '" + name
                        + "' is not allowed; allowed: a non-blank name of at most 200 characters");
            }
            this.name = name;
            return this;
        }

        /**
         * @param dimensions the length of the model's vectors, 1 or more; default: the model's
         *     {@code dimension()}. Every vector returned is checked against it.
         * @return this builder
         */
        public Builder dimensions(int dimensions) {
            if (dimensions < 1) {
                throw new IllegalArgumentException("dimensions = " + dimensions + " is not allowed; allowed: 1 or more");
            }
            this.dimensions = dimensions;
            return this;
        }

        /**
         * @param batchSize the most texts per call to the model, 1 to {@value LangChain4jEmbeddingModel#MAX_BATCH_SIZE};
         *     default {@value LangChain4jEmbeddingModel#DEFAULT_BATCH_SIZE}
         * @return this builder
         */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
                throw new IllegalArgumentException("batch size " + batchSize + " is not allowed; allowed: 1 to "
                        + MAX_BATCH_SIZE);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** @return the adapter */
        public LangChain4jEmbeddingModel build() {
            return new LangChain4jEmbeddingModel(this);
        }
    }
}
