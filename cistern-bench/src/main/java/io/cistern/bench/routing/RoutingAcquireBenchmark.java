package io.cistern.bench.routing;

import io.cistern.bench.stub.StubDriver;
import io.cistern.jdbc.CisternConfig;
import io.cistern.jdbc.CisternDataSource;
import io.cistern.jdbc.firststatement.ConnectionRouter;
import io.cistern.jdbc.firststatement.RoutingDataSource;
import io.cistern.routing.ClusterConfig;
import io.cistern.routing.ClusterDataSource;
import io.cistern.routing.LoadBalancing;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
 * What routing adds to an acquire when every endpoint is healthy: a connection is taken, its first
 * statement created and closed (a routed connection chooses its server only then, so the
 * statement is part of the cycle for every variant alike), and the connection returned. All on
 * the stub driver, so only the pools and the routing are measured, in the same run:
 *
 * <ul>
 * <li>{@code plain}: a {@link CisternDataSource}, the baseline;
 * <li>{@code local}: a {@link ClusterDataSource} over one endpoint (mode LOCAL);
 * <li>{@code round-robin}: over two endpoints, round robin;
 * <li>{@code least-connections}: over two endpoints, least connections (whose endpoint pools
 *     count their lent connections on every acquire and release, {@code trackActiveCount});
 * <li>{@code first-statement}: the round-robin cluster's router behind a {@link RoutingDataSource},
 *     whose connections choose at their first statement: what {@code getConnection()} costs on a
 *     cluster with a primary and replicas, where the choice must wait for {@code setReadOnly}.
 * </ul>
 *
 * The first four choose at {@code getConnection()}: without role detection reads and writes have
 * the same candidates.
 *
 * Every pool has 32 connections, HikariCP's defaults otherwise. Reports nanoseconds per cycle; run
 * with {@code -t 1} and {@code -t 4}, and several forks, as docs/ROUTING.md shows.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RoutingAcquireBenchmark {
    private static final int POOL_SIZE = 32;
    private static final long TIMEOUT_MS = 8_000;

    @Param({"plain", "local", "round-robin", "least-connections", "first-statement"})
    public String dataSource;

    private DataSource ds;
    private AutoCloseable owner;

    @Setup
    public void start() {
        StubDriver.register();
        Consumer<CisternConfig.Builder> pool = p -> p.username("bench").password("")
                .maximumPoolSize(POOL_SIZE).minimumIdle(0).connectionTimeout(TIMEOUT_MS);
        switch (dataSource) {
            case "plain": {
                CisternConfig.Builder b = CisternConfig.builder().jdbcUrl(StubDriver.URL).poolName("plain");
                pool.accept(b);
                ds = new CisternDataSource(b.build());
                break;
            }
            case "local":
                ds = cluster(ClusterConfig.builder().endpoint("a", StubDriver.URL + ":a"), pool);
                break;
            case "round-robin":
                ds = cluster(ClusterConfig.builder().endpoint("a", StubDriver.URL + ":a").endpoint("b", StubDriver.URL + ":b")
                        .loadBalancing(LoadBalancing.ROUND_ROBIN), pool);
                break;
            case "least-connections":
                ds = cluster(ClusterConfig.builder().endpoint("a", StubDriver.URL + ":a").endpoint("b", StubDriver.URL + ":b")
                        .loadBalancing(LoadBalancing.LEAST_CONNECTIONS), pool);
                break;
            case "first-statement": {
                ClusterDataSource cluster = cluster(ClusterConfig.builder().endpoint("a", StubDriver.URL + ":a")
                        .endpoint("b", StubDriver.URL + ":b").loadBalancing(LoadBalancing.ROUND_ROBIN), pool);
                try {
                    ds = new RoutingDataSource(cluster.unwrap(ConnectionRouter.class));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
                owner = cluster;
                break;
            }
            default:
                throw new IllegalArgumentException("dataSource = " + dataSource
                        + " is not allowed; allowed: plain, local, round-robin, least-connections, first-statement");
        }
        if (owner == null) {
            owner = (AutoCloseable) ds;
        }
    }

    private static ClusterDataSource cluster(ClusterConfig.Builder b, Consumer<CisternConfig.Builder> pool) {
        return new ClusterDataSource(b.name("bench").noRoleDetection()
                .endpointTimeout(Duration.ofMillis(TIMEOUT_MS)).connectionTimeout(Duration.ofMillis(TIMEOUT_MS))
                .pool(pool).build());
    }

    @TearDown
    public void stop() throws Exception {
        owner.close();
    }

    @Benchmark
    public Connection acquireFirstStatementRelease() throws SQLException {
        Connection c = ds.getConnection();
        Statement s = c.createStatement();
        s.close();
        c.close();
        return c;
    }
}
