package io.cistern.bench.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
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
 * {@code getConnection()} then {@code close()}: the pool's whole hot path and nothing else. Run
 * with {@code -t 1}, {@code -t 2}, {@code -t 8} and {@code -t 32} over a pool of 32.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ConnectionCycleBenchmark {

    @Param({"cistern", "hikari", "agroal", "vibur", "dbcp2", "tomcat", "c3p0"})
    public String pool;

    @Param({"32"})
    public int maxPoolSize;

    private DataSource ds;

    @Setup
    public void start() {
        ds = Pools.create(pool, maxPoolSize);
    }

    @TearDown
    public void stop() throws Exception {
        Pools.close(ds);
    }

    @Benchmark
    public Connection cycle() throws SQLException {
        Connection c = ds.getConnection();
        c.close();
        return c;
    }
}
