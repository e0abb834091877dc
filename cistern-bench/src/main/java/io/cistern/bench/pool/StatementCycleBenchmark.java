package io.cistern.bench.pool;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Prepare, bind, execute, read and close a statement on a connection each thread holds: the
 * cost of the pool's statement and result-set proxies. The pool has one connection per thread.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StatementCycleBenchmark {

    @State(Scope.Benchmark)
    public static class PoolState {
        @Param({"cistern", "hikari", "agroal", "vibur", "dbcp2", "tomcat", "c3p0"})
        public String pool;

        DataSource ds;

        @Setup
        public void start(BenchmarkParams params) {
            ds = Pools.create(pool, params.getThreads());
        }

        @TearDown
        public void stop() throws Exception {
            Pools.close(ds);
        }
    }

    @State(Scope.Thread)
    public static class HeldConnection {
        Connection connection;

        @Setup(Level.Iteration)
        public void take(PoolState state) throws SQLException {
            connection = state.ds.getConnection();
        }

        @TearDown(Level.Iteration)
        public void giveBack() throws SQLException {
            connection.close();
        }
    }

    @Benchmark
    public ResultSet statement(HeldConnection held) throws SQLException {
        PreparedStatement ps = held.connection.prepareStatement("SELECT ?");
        ps.setInt(1, 1);
        ResultSet rs = ps.executeQuery();
        rs.next();
        rs.close();
        ps.close();
        return rs;
    }
}
