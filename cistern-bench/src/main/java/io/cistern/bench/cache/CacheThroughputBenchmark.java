package io.cistern.bench.cache;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Throughput of a get/put mix on Zipf-distributed keys, for every policy and plain Caffeine in the
 * same run. The key space is eight times the cache, so the bounded caches evict on every put of a
 * new key. Run with {@code -t 1}, {@code -t 2} and {@code -t 4}; all threads share one cache and
 * walk the same key sequence from different offsets.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CacheThroughputBenchmark {

    static final int MAXIMUM_SIZE = 1 << 14;
    static final int DISTINCT_KEYS = MAXIMUM_SIZE * 8;
    private static final int SEQUENCE_LENGTH = 1 << 20;
    private static final int SEQUENCE_MASK = SEQUENCE_LENGTH - 1;

    @Param({"WINDOW_TINY_LFU", "LRU", "LFU", "FIFO", "TTL_ONLY", "CAFFEINE", "CAFFEINE_WITH_STATS", "CAFFEINE_VARIABLE_EXPIRY"})
    public BenchedCache cache;

    /** The share of operations that are gets, in percent; the rest are puts. */
    @Param({"100", "75", "25"})
    public int readPercent;

    private BenchedCache.Operations operations;
    private Long[] keys;
    private boolean[] isRead;

    @Setup(Level.Trial)
    public void fill() {
        keys = ZipfKeys.draw(SEQUENCE_LENGTH, DISTINCT_KEYS, 0.99, 42);
        SplittableRandom random = new SplittableRandom(7);
        isRead = new boolean[SEQUENCE_LENGTH];
        for (int i = 0; i < SEQUENCE_LENGTH; i++) {
            isRead[i] = random.nextInt(100) < readPercent;
        }
        operations = cache.create(MAXIMUM_SIZE);
        // Warm the cache to the state a get-then-put-on-miss workload would leave it in.
        for (Long key : keys) {
            if (operations.get().apply(key) == null) {
                operations.put().accept(key, key);
            }
        }
    }

    /** Where each thread is in the key sequence. */
    @State(Scope.Thread)
    public static class Cursor {
        int index;

        @Setup(Level.Trial)
        public void start() {
            index = new SplittableRandom().nextInt(SEQUENCE_LENGTH);
        }
    }

    @Benchmark
    public Long getPut(Cursor cursor) {
        int i = cursor.index++ & SEQUENCE_MASK;
        Long key = keys[i];
        if (isRead[i]) {
            return operations.get().apply(key);
        }
        operations.put().accept(key, key);
        return key;
    }
}
