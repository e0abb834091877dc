package io.cistern.memory.embedding;

import java.util.ArrayList;
import java.util.List;

/** A test model that embeds each text on its own, deterministically, in process. */
abstract class TextByTextModel implements EmbeddingModel {

    private final String name;
    private final int dimensions;

    TextByTextModel(String name, int dimensions) {
        this.name = name;
        this.dimensions = dimensions;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int dimensions() {
        return dimensions;
    }

    @Override
    public List<float[]> embedAll(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(embed(t));
        }
        return out;
    }

    abstract float[] embed(String text);
}
