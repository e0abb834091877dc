package io.cistern.bench.pool;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * CPU nanoseconds one thread spends per connection cycle and per statement cycle, for each pool.
 * A diagnostic beside the JMH benchmarks, not instead of them: the thread's own CPU time does not
 * grow when other processes take the cores, so it stays comparable on a loaded 2-core machine
 * where JMH's wall-clock throughput swings widely. Single-threaded only.
 *
 * <pre>java -cp cistern-bench/target/benchmarks.jar io.cistern.bench.pool.CpuPerCycle [pools]</pre>
 */
public final class CpuPerCycle {
    private static final int CYCLES = 3_000_000;

    private CpuPerCycle() {
    }

    public static void main(String[] args) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        String pools = args.length > 0 ? args[0] : Pools.ALL;
        System.out.println("| pool | connection cycle, ns CPU | statement cycle, ns CPU |");
        System.out.println("|---|---:|---:|");
        for (String pool : pools.split(",")) {
            DataSource ds = Pools.create(pool, 32);
            try {
                double connection = best(threads, () -> connectionCycles(ds));
                double statement = best(threads, () -> statementCycles(ds));
                System.out.printf("| %s | %.1f | %.1f |%n", pool, connection, statement);
            } finally {
                Pools.close(ds);
            }
        }
    }

    private interface Cycles {
        void run() throws SQLException;
    }

    /** Best of five measured rounds after three warm-up rounds: the least disturbed one. */
    private static double best(ThreadMXBean threads, Cycles cycles) throws SQLException {
        for (int i = 0; i < 3; i++) {
            cycles.run();
        }
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long start = threads.getCurrentThreadCpuTime();
            cycles.run();
            best = Math.min(best, (threads.getCurrentThreadCpuTime() - start) / (double) CYCLES);
        }
        return best;
    }

    private static void connectionCycles(DataSource ds) throws SQLException {
        for (int i = 0; i < CYCLES; i++) {
            ds.getConnection().close();
        }
    }

    private static void statementCycles(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            for (int i = 0; i < CYCLES; i++) {
                PreparedStatement ps = c.prepareStatement("SELECT ?");
                ps.setInt(1, 1);
                ResultSet rs = ps.executeQuery();
                rs.next();
                rs.close();
                ps.close();
            }
        }
    }
}
