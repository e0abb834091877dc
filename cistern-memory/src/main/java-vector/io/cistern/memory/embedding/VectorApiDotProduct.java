package io.cistern.memory.embedding;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernel on the Vector API: the widest float vectors of the CPU, two accumulators (a fused
 * multiply-add has a latency of several cycles), the tail in plain code. Compiled apart from the
 * rest (src/main/java-vector, with {@code --add-modules jdk.incubator.vector}) and only loaded by
 * {@link DotProduct#fastest()} when the module is present at run time.
 */
final class VectorApiDotProduct implements DotProduct {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    VectorApiDotProduct() {
    }

    @Override
    public float dot(float[] a, float[] b) {
        int n = a.length;
        int step = SPECIES.length();
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = FloatVector.zero(SPECIES);
        int i = 0;
        for (int bound = n - 2 * step; i <= bound; i += 2 * step) {
            acc0 = FloatVector.fromArray(SPECIES, a, i).fma(FloatVector.fromArray(SPECIES, b, i), acc0);
            acc1 = FloatVector.fromArray(SPECIES, a, i + step).fma(FloatVector.fromArray(SPECIES, b, i + step), acc1);
        }
        for (int bound = n - step; i <= bound; i += step) {
            acc0 = FloatVector.fromArray(SPECIES, a, i).fma(FloatVector.fromArray(SPECIES, b, i), acc0);
        }
        float sum = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    @Override
    public String description() {
        return "Vector API (" + SPECIES.vectorBitSize() + "-bit)";
    }
}
