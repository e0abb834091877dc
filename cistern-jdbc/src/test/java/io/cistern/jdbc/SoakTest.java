package io.cistern.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cistern.testkit.Await;
import io.cistern.testkit.FaultProxy;
import io.cistern.testkit.LoopbackPostgres;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The soak: mixed load (reads, write transactions, rollbacks, statements left open, connections
 * held a while) from 24 threads on a pool of 8 behind {@link FaultProxy}, while a fault
 * cycle black-holes, delays, resets, refuses, slows accepts and half-opens the network, two
 * seconds each with two healthy seconds between. At the end, healed: no connection lent, no creation left pending, no more
 * server sessions than the pool's size, no proxy connection left beyond them, the thread count
 * at most two above where it started and the heap after GC within 64 MB of what it was after warm-up.
 *
 * <p>Not in the default build: {@code ./mvnw -Psoak verify} runs it (about 5 minutes; set
 * {@code -Dcistern.soak.duration=PT2M}, at most 9 minutes).
 */
class SoakTest {
    private static final int POOL = 8;
    private static final int WORKERS = 24;

    @Test
    void mixedLoadUnderCyclingFaultsLeavesNothingBehind() throws Exception {
        assumeTrue(Boolean.getBoolean("cistern.soak"), "the soak runs only with ./mvnw -Psoak verify");
        Duration duration = Duration.parse(System.getProperty("cistern.soak.duration", "PT5M").isBlank() ? "PT5M" : System.getProperty("cistern.soak.duration", "PT5M"));
        if (duration.compareTo(Duration.ofMinutes(9)) > 0) {
            duration = Duration.ofMinutes(9);
        }
        String app = "soak";
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        LongAdder ok = new LongAdder();
        LongAdder failed = new LongAdder();
        long heapAfterWarmup;
        try (FaultProxy proxy = new FaultProxy(LoopbackPostgres.server().getPort());
             CisternDataSource ds = new CisternDataSource(CisternConfig.builder()
                     .jdbcUrl(proxy.postgresUrl("postgres")).username("postgres").poolName(app)
                     .maximumPoolSize(POOL).minimumIdle(2).connectionTimeout(1000).validationTimeout(500)
                     .idleTimeout(10_000).maxLifetime(60_000).keepaliveTime(30_000)
                     .addDataSourceProperty("ApplicationName", app)
                     .addDataSourceProperty("socketTimeout", "2")
                     .addDataSourceProperty("connectTimeout", "2")
                     .addDataSourceProperty("cancelSignalTimeout", "1")
                     .addDataSourceProperty("tcpKeepAlive", "true")
                     .build())) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS soak(id bigserial PRIMARY KEY, v int)");
            }
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                Thread worker = new Thread(() -> {
                    while (running.get()) {
                        try {
                            work(ds);
                            ok.increment();
                        } catch (SQLException | RuntimeException e) {
                            failed.increment();
                        }
                    }
                }, "soak-" + i);
                worker.start();
                workers.add(worker);
            }
            Thread.sleep(5000);
            System.gc();
            heapAfterWarmup = memory.getHeapMemoryUsage().getUsed();
            List<Consumer<FaultProxy>> faults = List.of(FaultProxy::blackHole, p -> p.latency(Duration.ofMillis(100)),
                    FaultProxy::reset, FaultProxy::refuse, p -> p.slowAccept(Duration.ofMillis(1500)), FaultProxy::halfOpen);
            long end = System.nanoTime() + duration.toNanos();
            for (int i = 0; System.nanoTime() < end; i++) {
                faults.get(i % faults.size()).accept(proxy);
                Thread.sleep(2000);
                proxy.heal();
                Thread.sleep(2000);
            }
            running.set(false);
            for (Thread t : workers) {
                t.join(10_000);
            }
            proxy.heal();
            Await.until("no connection is lent", Duration.ofSeconds(10), () -> ds.poolStats().active() == 0);
            Await.until("no creation left pending", Duration.ofSeconds(20), () -> ds.poolStats().pendingCreates() == 0);
            Await.until("at most " + POOL + " server sessions", Duration.ofSeconds(15), () -> LoopbackPostgres.sessions(app) <= POOL);
            Await.until("the proxy holds no more connections than the pool", Duration.ofSeconds(15),
                    () -> proxy.openConnections() <= ds.poolStats().total());
            System.gc();
            long heapGrowth = memory.getHeapMemoryUsage().getUsed() - heapAfterWarmup;
            System.out.printf("SOAK %s: %d operations ok, %d failed; heap growth %d KB; %d server sessions; pool %s%n",
                    duration, ok.sum(), failed.sum(), heapGrowth / 1024, LoopbackPostgres.sessions(app), ds.poolStats());
            assertThat(ok.sum()).isPositive();
            assertThat(heapGrowth).as("heap growth after GC").isLessThan(64L << 20);
        }
        // The pool's and the proxy's threads end shortly after close; pgjdbc's shared timer may stay (one thread).
        try {
            Await.until("the threads started by the soak are gone", Duration.ofSeconds(20),
                    () -> ManagementFactory.getThreadMXBean().getThreadCount() <= threadsBefore + 2);
        } finally {
            System.out.printf("SOAK threads: %d before, %d after: %s%n", threadsBefore,
                    ManagementFactory.getThreadMXBean().getThreadCount(),
                    Thread.getAllStackTraces().keySet().stream().map(Thread::getName).sorted().toList());
        }
    }

    private static void work(CisternDataSource ds) throws SQLException {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        try (Connection c = ds.getConnection()) {
            switch (r.nextInt(5)) {
                case 0 -> {
                    c.setAutoCommit(false);
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO soak(v) VALUES (?)")) {
                        ps.setInt(1, r.nextInt());
                        ps.executeUpdate();
                    }
                    if (r.nextBoolean()) {
                        c.commit();
                    } else {
                        c.rollback();
                    }
                }
                case 1 -> {
                    c.setAutoCommit(false);
                    c.createStatement().execute("SELECT count(*) FROM soak"); // left open, transaction left unfinished
                }
                case 2 -> {
                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_sleep(0.02)")) {
                        rs.next();
                    }
                }
                default -> {
                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                        rs.next();
                    }
                }
            }
        }
    }
}
