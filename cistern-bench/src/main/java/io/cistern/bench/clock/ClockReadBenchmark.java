package io.cistern.bench.clock;

import io.cistern.clock.SampledClock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a read of the time costs: the real clock against the sampled one, as held by a pool
 * ({@link SampledClock#now()}) and as read by the cache ({@link SampledClock#read()}). The figure
 * quoted in {@link SampledClock}'s Javadoc and docs/ARCHITECTURE.md comes from here:
 *
 * <pre>java -jar cistern-bench/target/benchmarks.jar ClockReadBenchmark -f 3 -wi 3 -w 1s -i 5 -r 1s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ClockReadBenchmark {

    @Setup
    public void hold() {
        SampledClock.hold();
    }

    @TearDown
    public void release() {
        SampledClock.release();
    }

    @Benchmark
    public long systemNanoTime() {
        return System.nanoTime();
    }

    @Benchmark
    public long sampledNow() {
        return SampledClock.now();
    }

    @Benchmark
    public long sampledRead() {
        return SampledClock.read();
    }
}
