package io.cistern.memory.embedding;

import java.util.Locale;

/**
 * An honest stand-in for a sentence model: each lower-cased word adds 1 to the dimension its hash
 * picks, so texts that share words point the same way. Deterministic, in process, no weights.
 */
final class HashedBagOfWords extends TextByTextModel {


    HashedBagOfWords(String name, int dimensions) {
        super(name, dimensions);
    }

    HashedBagOfWords() {
        this("hashed-bag-of-words-v1", 64);
    }

    @Override
    float[] embed(String text) {
        float[] v = new float[dimensions()];
        for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!word.isEmpty()) {
                v[Math.floorMod(word.hashCode(), dimensions())] += 1;
            }
        }
        return v;
    }
}
