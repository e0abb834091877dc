package io.cistern.memory.embedding;

import java.util.SplittableRandom;

/**
 * A deterministic model whose vectors look random: Gaussian elements seeded by the text's hash.
 * For the oracle check, which needs many unrelated vectors it can recompute.
 */
final class SeededRandomModel extends TextByTextModel {


    SeededRandomModel(int dimensions) {
        super("seeded-random-" + dimensions, dimensions);
    }

    @Override
    float[] embed(String text) {
        return gaussian(new SplittableRandom(text.hashCode() * 0x9E3779B97F4A7C15L), dimensions());
    }

    static float[] gaussian(SplittableRandom random, int dimensions) {
        float[] v = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            // Box-Muller: SplittableRandom has no nextGaussian on JDK 17
            double u = 1 - random.nextDouble();
            v[i] = (float) (Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble()));
        }
        return v;
    }
}
