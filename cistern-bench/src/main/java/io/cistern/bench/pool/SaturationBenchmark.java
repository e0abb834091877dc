package io.cistern.bench.pool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * 32 threads over 4 connections, each holding its connection for about 20 µs of CPU work:
 * throughput, the acquire-time distribution and how evenly the work is spread between threads.
 * JMH reports the throughput; the distribution and the spread, recorded during measurement
 * iterations only, go to {@code bench/results/saturation/<pool>.json}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(32)
public class SaturationBenchmark {

    @Param({"cistern", "hikari", "agroal", "vibur", "dbcp2", "tomcat", "c3p0"})
    public String pool;

    @Param({"4"})
    public int maxPoolSize;

    @Param({"20"})
    public int holdMicros;

    private DataSource ds;
    private long holdTokens;
    private volatile boolean measuring;
    private final Recorder acquireNanos = new Recorder(3);
    private final Histogram measured = new Histogram(3);
    private final ConcurrentLinkedQueue<Long> perThread = new ConcurrentLinkedQueue<>();

    @Setup
    public void start() {
        ds = Pools.create(pool, maxPoolSize);
        holdTokens = CpuWork.tokensFor(holdMicros);
    }

    @Setup(Level.Iteration)
    public void iteration(IterationParams params) {
        measuring = params.getType() == IterationType.MEASUREMENT;
        acquireNanos.reset();
    }

    @TearDown(Level.Iteration)
    public void collect() {
        if (measuring) {
            measured.add(acquireNanos.getIntervalHistogram());
        }
    }

    @State(Scope.Thread)
    public static class Worker {
        long operations;

        @TearDown
        public void report(SaturationBenchmark bench) {
            bench.perThread.add(operations);
        }
    }

    @TearDown
    public void stop() throws Exception {
        Pools.close(ds);
        writeReport();
    }

    @Benchmark
    public void holdConnection(Worker worker) throws SQLException {
        long start = System.nanoTime();
        try (Connection c = ds.getConnection()) {
            long acquired = System.nanoTime();
            if (measuring) {
                acquireNanos.recordValue(acquired - start);
                worker.operations++;
            }
            Blackhole.consumeCPU(holdTokens);
        }
    }

    private void writeReport() throws IOException {
        long[] ops = perThread.stream().mapToLong(Long::longValue).sorted().toArray();
        double mean = Arrays.stream(ops).average().orElse(0);
        double variance = Arrays.stream(ops).mapToDouble(o -> (o - mean) * (o - mean)).average().orElse(0);
        String json = String.format(Locale.ROOT,
                "{\"pool\":\"%s\",\"threads\":%d,\"maxPoolSize\":%d,\"holdMicros\":%d,"
                        + "\"acquireMicros\":{\"count\":%d,\"p50\":%.1f,\"p99\":%.1f,\"p999\":%.1f,\"max\":%.1f},"
                        + "\"fairness\":{\"minOps\":%d,\"maxOps\":%d,\"meanOps\":%.1f,\"cv\":%.4f}}%n",
                pool, ops.length, maxPoolSize, holdMicros, measured.getTotalCount(),
                measured.getValueAtPercentile(50) / 1e3, measured.getValueAtPercentile(99) / 1e3,
                measured.getValueAtPercentile(99.9) / 1e3, measured.getMaxValue() / 1e3,
                ops.length == 0 ? 0 : ops[0], ops.length == 0 ? 0 : ops[ops.length - 1], mean,
                mean == 0 ? 0 : Math.sqrt(variance) / mean);
        Path out = Path.of(System.getProperty("cistern.bench.results", "bench/results"), "saturation", pool + ".json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, json, StandardCharsets.UTF_8);
    }
}
