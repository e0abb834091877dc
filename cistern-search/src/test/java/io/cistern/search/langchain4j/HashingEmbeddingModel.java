package io.cistern.search.langchain4j;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A LangChain4j embedding model of character trigrams hashed into a fixed number of buckets:
 * deterministic, in-process, and able to misbehave on purpose (vectors of another length, fewer
 * vectors than texts) the way a misconfigured service would. The real model's tests are in
 * cistern-search-minilm; this one lets the adapter's checks be seen failing.
 */
final class HashingEmbeddingModel implements EmbeddingModel {

    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    private final String modelName;
    private final int dimensions;
    private int returnedLength;
    private int vectorsDropped;
    private float poison = 0;

    HashingEmbeddingModel(String modelName, int dimensions) {
        this.modelName = modelName;
        this.dimensions = dimensions;
        this.returnedLength = dimensions;
    }

    /** From now on returns vectors of this length, whatever {@link #dimension()} says. */
    HashingEmbeddingModel returningLength(int length) {
        this.returnedLength = length;
        return this;
    }

    /** From now on returns this many vectors fewer than texts. */
    HashingEmbeddingModel dropping(int vectors) {
        this.vectorsDropped = vectors;
        return this;
    }

    /** From now on puts this value in component 0 of every vector. */
    HashingEmbeddingModel poisonedWith(float value) {
        this.poison = value;
        return this;
    }

    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        batchSizes.add(segments.size());
        List<Embedding> embeddings = new ArrayList<>();
        for (int i = 0; i < segments.size() - vectorsDropped; i++) {
            embeddings.add(Embedding.from(vectorOf(segments.get(i).text())));
        }
        return Response.from(embeddings);
    }

    private float[] vectorOf(String text) {
        float[] vector = new float[returnedLength];
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + 3 <= bytes.length; i++) {
            int hash = (bytes[i] * 31 + bytes[i + 1]) * 31 + bytes[i + 2];
            vector[Math.floorMod(hash, returnedLength)] += 1;
        }
        if (poison != 0) {
            vector[0] = poison;
        }
        return vector;
    }

    @Override
    public int dimension() {
        return dimensions;
    }

    @Override
    public String modelName() {
        return modelName;
    }
}
