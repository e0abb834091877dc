package io.cistern.memory.embedding;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The semantic scan's kernel per stored vector, at the dimensions of all-MiniLM-L6-v2 (384): one
 * accumulator (the loop as one would write it), the store's four-accumulator loop, and the Vector
 * API kernel (the fork adds {@code jdk.incubator.vector}); plus decoding a SQLite row's
 * little-endian BLOB into the scan's buffer, the other per-row cost. In this package (in the bench
 * module) to reach the package-private kernels.
 *
 * <pre>
 * java -jar cistern-bench/target/benchmarks.jar DotProductBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 2, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class DotProductBenchmark {

    @Param({"384"})
    int dimensions;

    float[] query;
    float[] stored;
    byte[] blob;
    DotProduct scalar;
    DotProduct vectorApi;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(384);
        query = new float[dimensions];
        stored = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            query[i] = (float) random.nextDouble(-1, 1);
            stored[i] = (float) random.nextDouble(-1, 1);
        }
        blob = VectorCodec.toLittleEndian(stored);
        scalar = new ScalarDotProduct();
        vectorApi = DotProduct.fastest();
        if (!(vectorApi instanceof VectorApiDotProduct)) {
            throw new IllegalStateException("the fork has no jdk.incubator.vector: " + vectorApi.description());
        }
    }

    @Benchmark
    public float oneAccumulator() {
        float[] a = query;
        float[] b = stored;
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Benchmark
    public float fourAccumulators() {
        return scalar.dot(query, stored);
    }

    @Benchmark
    public float vectorApi() {
        return vectorApi.dot(query, stored);
    }

    @Benchmark
    public float[] decodeLittleEndianBlob() {
        VectorCodec.fromLittleEndian(blob, stored);
        return stored;
    }
}
