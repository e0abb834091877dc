package io.cistern.bench.cache;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Keys drawn from a Zipf distribution, the usual model of how popular cached queries are: the key of
 * rank r is requested with probability proportional to 1 / r^exponent. Ranks are scrambled into
 * key values so the popular keys are not neighbours in the hash table.
 */
final class ZipfKeys {

    private ZipfKeys() {
    }

    /**
     * @param count    how many keys to draw
     * @param distinct how many different keys there are
     * @param exponent the skew; 0.99 is the common choice (YCSB's default)
     * @param seed     makes the draw repeatable
     * @return the keys, boxed once here so that benchmarks do not measure boxing
     */
    static Long[] draw(int count, int distinct, double exponent, long seed) {
        double[] cumulative = new double[distinct];
        double total = 0;
        for (int rank = 1; rank <= distinct; rank++) {
            total += 1.0 / Math.pow(rank, exponent);
            cumulative[rank - 1] = total;
        }
        SplittableRandom random = new SplittableRandom(seed);
        Long[] keys = new Long[count];
        for (int i = 0; i < count; i++) {
            int index = Arrays.binarySearch(cumulative, random.nextDouble() * total);
            int rank = index >= 0 ? index : -index - 1;
            keys[i] = scramble(rank);
        }
        return keys;
    }

    /** A bijection on longs (the finaliser of SplitMix64), so distinct ranks stay distinct keys. */
    private static long scramble(long rank) {
        long z = rank + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
