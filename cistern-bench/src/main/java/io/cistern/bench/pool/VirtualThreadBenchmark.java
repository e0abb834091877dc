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

/**
 * 10,000 virtual threads over 16 connections, each taking a connection, holding it for about
 * 20 µs (parked, as a virtual thread waiting on the network would be) and returning it. One
 * operation is the whole batch; run on JDK 21 or later. A pool that pins or starves carrier
 * threads shows up here, and one that deadlocks fails after a minute instead of hanging the run.
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

    private DataSource ds;
    private MethodHandle newVirtualExecutor;

    @Setup
    public void start() throws Exception {
        if (Runtime.version().feature() < 21) {
            throw new IllegalStateException("virtual threads need JDK 21 or later; this is " + Runtime.version());
        }
        newVirtualExecutor = MethodHandles.publicLookup().findStatic(java.util.concurrent.Executors.class,
                "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class));
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
        for (int i = 0; i < virtualThreads; i++) {
            executor.execute(() -> {
                try (Connection c = ds.getConnection()) {
                    LockSupport.parkNanos(20_000);
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
