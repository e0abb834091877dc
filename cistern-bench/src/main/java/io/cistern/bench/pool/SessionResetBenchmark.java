package io.cistern.bench.pool;

import io.cistern.jdbc.CisternConfig;
import io.cistern.jdbc.CisternDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
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
 * What the opt-in {@code sessionResetSql} costs on a real PostgreSQL (its URL in
 * {@code -Dcistern.bench.postgres}, user {@code postgres}): one cycle borrows a connection, runs
 * one statement and returns it. {@code statement=select} never marks the session, so it shows
 * what the detection costs; {@code statement=set} ({@code SET statement_timeout}) marks it, so
 * the reset runs on every return: {@code reset=off} (the default, state leaks), {@code discard}
 * ({@code DISCARD ALL}) or {@code narrow} ({@code RESET ALL}). Microseconds per cycle, one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SessionResetBenchmark {
    @Param({"off", "discard", "narrow"})
    public String reset;

    @Param({"select", "set"})
    public String statement;

    private CisternDataSource ds;
    private String sql;

    @Setup
    public void start() {
        String url = System.getProperty("cistern.bench.postgres", "jdbc:postgresql://127.0.0.1:5432/postgres");
        CisternConfig.Builder b = CisternConfig.builder().jdbcUrl(url).username("postgres").poolName("reset-" + reset)
                .maximumPoolSize(1);
        if (reset.equals("discard")) {
            b.sessionResetSql("DISCARD ALL");
        } else if (reset.equals("narrow")) {
            b.sessionResetSql("RESET ALL");
        }
        ds = new CisternDataSource(b.build());
        sql = statement.equals("set") ? "SET statement_timeout = 1000" : "SELECT 1";
    }

    @Benchmark
    public boolean cycle() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            if (s.execute(sql)) {
                try (ResultSet rs = s.getResultSet()) {
                    return rs.next();
                }
            }
            return false;
        }
    }

    @TearDown
    public void stop() {
        ds.close();
    }
}
