package io.cistern.memory.embedding;

/**
 * Plain loops for C2: four independent accumulators, so that four multiply-adds are in flight
 * instead of each waiting for the previous addition (C2 does not reorder a float reduction by
 * itself: that would change its rounding). See cistern-bench's {@code DotProductBenchmark} for the
 * measured ratio against one accumulator and the Vector API.
 */
final class ScalarDotProduct implements DotProduct {

    @Override
    public float dot(float[] a, float[] b) {
        int n = a.length;
        if (b.length != n) {
            // also tells C2 that b's index checks are a's: it removes them from the loop
            throw new IllegalArgumentException("vectors of " + n + " and " + b.length + " dimensions; allowed: equal lengths");
        }
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < n; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public String description() {
        return "scalar (4 accumulators)";
    }
}
