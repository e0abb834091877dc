package io.cistern.bench.pool;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.sql.Connection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * 10,000 virtual threads over 16 connections, each taking a connection, holding it for about
 * 20 µs and returning it. One operation is the whole batch; run on JDK 21 or later. A pool that
 * pins or starves carrier threads shows up here, and one that deadlocks fails after a minute
 * instead of hanging the run.
 *
 * <p>Two ways to hold, because they measure different things:
 * <ul>
 * <li>{@code park}: parked for 20 µs, as a virtual thread waiting on the network would be. A
 *     20 µs park takes about 100 µs on this machine (alone, on a virtual or a platform
 *     thread), and the JDK wakes timed parks of virtual threads from one
 *     scheduler thread that wakes earlier whenever other timers are added or cancelled. So a
 *     batch takes three to four times its ideal 12.5 ms, and how long depends on how the
 *     pool's rhythm meets that thread: this row mostly measures the timer
 *     (docs/POOL-PERFORMANCE.md).
 * <li>{@code cpu}: 20 µs of CPU work, as {@link SaturationBenchmark} holds. No timers: 10,000
 *     holds of 20 µs on 2 cores take 100 ms, and what a batch takes beyond that is the pool's
 *     and the scheduler's own work.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class VirtualThreadBenchmark {

    @Param({"cistern", "hikari", "agroal", "vibur", "dbcp2", "tomcat", "c3p0"})
    public String pool;

    @Param({"16"})
    public int maxPoolSize;

    @Param({"10000"})
    public int virtualThreads;

    /** {@code park} or {@code cpu}: see the class comment. */
    @Param({"park", "cpu"})
    public String hold;

    private DataSource ds;
    /** Consumes CPU for 20 µs when {@link #hold} is {@code cpu}; 0 to park instead. */
    private long holdTokens;
    private MethodHandle newVirtualExecutor;

    @Setup
    public void start() throws Exception {
        if (Runtime.version().feature() < 21) {
            throw new IllegalStateException("virtual threads need JDK 21 or later; this is " + Runtime.version());
        }
        newVirtualExecutor = MethodHandles.publicLookup().findStatic(java.util.concurrent.Executors.class,
                "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class));
        if (!hold.equals("park") && !hold.equals("cpu")) {
            throw new IllegalArgumentException("hold = " + hold + "; allowed: park, cpu");
        }
        holdTokens = hold.equals("cpu") ? CpuWork.tokensFor(20) : 0;
        ds = Pools.create(pool, maxPoolSize);
    }

    @TearDown
    public void stop() throws Exception {
        Pools.close(ds);
    }

    @Benchmark
    public int batch() throws Throwable {
        AtomicInteger failures = new AtomicInteger();
        ExecutorService executor = (ExecutorService) newVirtualExecutor.invoke();
        long tokens = holdTokens;
        for (int i = 0; i < virtualThreads; i++) {
            executor.execute(() -> {
                try (Connection c = ds.getConnection()) {
                    if (tokens == 0) {
                        LockSupport.parkNanos(20_000);
                    } else {
                        Blackhole.consumeCPU(tokens);
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                }
            });
        }
        executor.shutdown();
        if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
            executor.shutdownNow();
            throw new IllegalStateException(pool + ": " + virtualThreads + " virtual threads did not finish within 60 s");
        }
        if (failures.get() > 0) {
            throw new IllegalStateException(pool + ": " + failures.get() + " of " + virtualThreads + " acquires failed");
        }
        return virtualThreads;
    }
}
