package io.cistern.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cistern.testkit.Await;
import io.cistern.testkit.FaultProxy;
import io.cistern.testkit.LoopbackPostgres;
import java.io.Closeable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link CisternDataSource} under each network fault the test kit's {@link FaultProxy} makes,
 * between pgjdbc and a real PostgreSQL: every request either succeeds or fails within a bounded
 * time (connectionTimeout + the socketTimeout recipe of docs/RELIABILITY.md + slack), the pool
 * recovers by itself once the network heals, and nothing leaks (no lent connection, no more
 * server sessions than the pool's size). With {@code -Dfaults.hikari=true} the same scenarios run
 * against HikariCP, for the side-by-side figures in docs/RELIABILITY.md.
 */
class FaultSuiteTest {
    private static final int POOL = 3;
    private static final long CONNECTION_TIMEOUT_MS = 1000;
    private static final long VALIDATION_TIMEOUT_MS = 500;
    private static final int SOCKET_TIMEOUT_S = 2;
    /** The most a request may take under any fault: the acquire wait, one socket timeout, slack for a loaded machine. */
    private static final long BOUND_MS = CONNECTION_TIMEOUT_MS + SOCKET_TIMEOUT_S * 1000L + 1500;
    private static final int REQUESTS = 4;
    /** The pool's default createBackoffMax: the longest a creator waits before it tries again after failures. */
    private static final long CREATE_BACKOFF_MAX_MS = 5000;

    enum Fault {
        BLACK_HOLE(FaultProxy::blackHole, false),
        LATENCY(p -> p.latency(Duration.ofMillis(150)), true),
        RESET(FaultProxy::reset, false),
        REFUSE(FaultProxy::refuse, false),
        SLOW_ACCEPT(p -> p.slowAccept(Duration.ofMillis(1500)), true),
        HALF_OPEN(FaultProxy::halfOpen, false);

        final Consumer<FaultProxy> apply;
        /** Requests must still succeed (the fault slows, it does not break). */
        final boolean served;

        Fault(Consumer<FaultProxy> apply, boolean served) {
            this.apply = apply;
            this.served = served;
        }
    }

    static Stream<Arguments> scenarios() {
        Stream<String> pools = Boolean.getBoolean("faults.hikari") ? Stream.of("cistern", "hikari") : Stream.of("cistern");
        return pools.flatMap(pool -> Stream.of(Fault.values()).map(f -> Arguments.of(pool, f)));
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("scenarios")
    void everyRequestEndsInBoundedTimeAndThePoolRecoversWithoutLeaks(String pool, Fault fault) throws Exception {
        String app = "faults-" + pool + "-" + fault.name().toLowerCase().replace('_', '-');
        try (FaultProxy proxy = new FaultProxy(LoopbackPostgres.server().getPort());
             PoolUnderTest ds = pool.equals("cistern") ? cistern(proxy, app) : hikari(proxy, app)) {
            Await.until("the pool is filled", Duration.ofSeconds(10), () -> ds.idle() == POOL);
            Thread.sleep(600); // idle past both pools' bypass windows: acquires validate
            fault.apply.accept(proxy);

            long slowest = 0;
            int failed = 0;
            for (int i = 0; i < REQUESTS; i++) {
                long start = System.nanoTime();
                try {
                    query(ds.dataSource());
                } catch (SQLException e) {
                    failed++;
                }
                slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
            }
            proxy.heal();
            long healed = System.nanoTime();
            long recoveryMs = recover(ds.dataSource(), healed);
            for (int i = 0; i < 10; i++) {
                query(ds.dataSource());
            }
            Await.until("no connection is lent", Duration.ofSeconds(5), () -> ds.active() == 0);
            Await.until("at most " + POOL + " server sessions", Duration.ofSeconds(10),
                    () -> LoopbackPostgres.sessions(app) <= POOL);
            System.out.printf("FAULTS %s %s: %d/%d requests failed, slowest %d ms (bound %d), first success %d ms after"
                    + " healing, %d server sessions after%n", pool, fault, failed, REQUESTS, slowest, BOUND_MS, recoveryMs,
                    LoopbackPostgres.sessions(app));
            if (pool.equals("cistern")) {
                assertThat(slowest).as("slowest request under %s", fault).isLessThanOrEqualTo(BOUND_MS);
                if (fault.served) {
                    assertThat(failed).as("requests failed under %s", fault).isZero();
                }
                // After failed creations the creator backs off (at most 5 s, jittered); then one connect.
                assertThat(recoveryMs).as("first success after healing").isLessThan(CREATE_BACKOFF_MAX_MS + CONNECTION_TIMEOUT_MS + 1000);
            }
        }
    }

    private static long recover(DataSource ds, long healed) throws InterruptedException {
        long deadline = healed + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                query(ds);
                return (System.nanoTime() - healed) / 1_000_000;
            } catch (SQLException stillFailing) {
                Thread.sleep(10);
            }
        }
        throw new AssertionError("no success within 30 s of healing");
    }

    private static void query(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
            rs.next();
        }
    }

    /** The pool's data source and the two counts the checks need, whichever pool it is. */
    interface PoolUnderTest extends Closeable {
        DataSource dataSource();

        int idle();

        int active();

        @Override
        void close();
    }

    private static PoolUnderTest cistern(FaultProxy proxy, String app) {
        CisternDataSource ds = new CisternDataSource(CisternConfig.builder()
                .jdbcUrl(proxy.postgresUrl("postgres")).username("postgres").poolName(app)
                .maximumPoolSize(POOL).minimumIdle(POOL)
                .connectionTimeout(CONNECTION_TIMEOUT_MS).validationTimeout(VALIDATION_TIMEOUT_MS).keepaliveTime(0)
                .addDataSourceProperty("ApplicationName", app)
                .addDataSourceProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_S))
                .addDataSourceProperty("connectTimeout", "2")
                .addDataSourceProperty("tcpKeepAlive", "true")
                .addDataSourceProperty("cancelSignalTimeout", "1")
                .build());
        return new Pool(ds, () -> ds.poolStats().idle(), () -> ds.poolStats().active(), ds::close);
    }

    private static PoolUnderTest hikari(FaultProxy proxy, String app) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(proxy.postgresUrl("postgres"));
        c.setUsername("postgres");
        c.setPoolName(app);
        c.setMaximumPoolSize(POOL);
        c.setMinimumIdle(POOL);
        c.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
        c.setValidationTimeout(VALIDATION_TIMEOUT_MS);
        c.setKeepaliveTime(0);
        c.addDataSourceProperty("ApplicationName", app);
        c.addDataSourceProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_S));
        c.addDataSourceProperty("connectTimeout", "2");
        c.addDataSourceProperty("tcpKeepAlive", "true");
        c.addDataSourceProperty("cancelSignalTimeout", "1");
        HikariDataSource ds = new HikariDataSource(c);
        Assumptions.assumeTrue(ds.isRunning(), "HikariCP did not start");
        return new Pool(ds, () -> ds.getHikariPoolMXBean().getIdleConnections(),
                () -> ds.getHikariPoolMXBean().getActiveConnections(), ds::close);
    }

    private record Pool(DataSource dataSource, IntSupplier idleCount, IntSupplier activeCount, Runnable closer)
            implements PoolUnderTest {
        @Override
        public int idle() {
            return idleCount.getAsInt();
        }

        @Override
        public int active() {
            return activeCount.getAsInt();
        }

        @Override
        public void close() {
            closer.run();
        }
    }
}
