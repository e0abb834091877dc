package io.cistern.routing;

import static io.cistern.routing.LoadRecorder.failures;
import static io.cistern.routing.LoadRecorder.servedBy;
import static io.cistern.routing.LoadRecorder.slowestMillis;
import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.routing.LoadRecorder.Outcome;
import io.cistern.jdbc.breaker.BreakerState;
import io.cistern.jdbc.breaker.CircuitBreakerConfig;
import io.cistern.testkit.Await;
import io.cistern.testkit.FaultProxy;
import io.cistern.testkit.ReplicatedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A hybrid cluster prefers its local endpoint (here a replica reached through a proxy), falls
 * back to the remote replica while the local one is cut off, and takes the local one back once
 * the health monitor finds it healthy again. Writes go to the primary throughout.
 */
class HybridModeTest {

    @Test
    void readsPreferTheLocalEndpointFallBackToRemoteAndReturn() throws Exception {
        ReplicatedPostgres pg = ReplicatedPostgres.shared();
        try (FaultProxy local = new FaultProxy(pg.replica.port);
             ClusterDataSource db = new ClusterDataSource(ClusterConfig.builder()
                     .name("hybrid")
                     .localEndpoint("local", local.postgresUrl("postgres") + "?ApplicationName=local")
                     .endpoint("primary", pg.primary.url() + "?ApplicationName=primary")
                     .endpoint("remote", pg.replica.url() + "?ApplicationName=remote")
                     .username("postgres")
                     .healthCheckInterval(Duration.ofMillis(200))
                     .endpointTimeout(Duration.ofMillis(400))
                     .circuitBreaker(CircuitBreakerConfig.builder().failureThreshold(3)
                             .waitInOpenState(Duration.ofMillis(800)).build())
                     .pool(p -> p.maximumPoolSize(4).minimumIdle(1))
                     .build())) {
            assertThat(db.config().mode()).isEqualTo(Mode.HYBRID);
            try (LoadRecorder load = new LoadRecorder(3, 2, () -> read(db))) {
                Thread.sleep(600);
                List<Outcome> warm = load.since(0);
                assertThat(servedBy(warm, "local")).isEqualTo(warm.size()).isPositive();
                assertThat(failures(warm)).isZero();
                assertThat(db.execute(HybridModeTest::endpointOf)).isEqualTo("primary");

                long cutAt = load.now();
                local.refuse();
                Await.until("local breaker open", Duration.ofSeconds(5),
                        () -> db.health().endpoint("local").breaker().state() == BreakerState.OPEN);
                long openAt = load.now();
                Thread.sleep(1500);
                assertThat(db.execute(HybridModeTest::endpointOf)).isEqualTo("primary");

                long restoreAt = load.now();
                local.heal();
                long backMillis = Await.until("reads back on the local endpoint", Duration.ofSeconds(15),
                        () -> servedBy(load.since(restoreAt), "local") > 0
                                && db.health().endpoint("local").breaker().state() == BreakerState.CLOSED);
                Thread.sleep(400);
                long end = load.now();
                load.close();

                List<Outcome> cut = load.between(cutAt, restoreAt);
                List<Outcome> fallback = load.between(openAt + TimeUnit.MILLISECONDS.toNanos(100), restoreAt);
                List<Outcome> tail = load.between(end - TimeUnit.MILLISECONDS.toNanos(250), end);
                System.out.printf("RECOVERY hybrid-local-cut: %d of %d reads failed while the local endpoint was cut; "
                                + "slowest read %d ms; local endpoint taken back %d ms after it was restored%n",
                        failures(cut), cut.size(), slowestMillis(load.since(0)), backMillis);
                assertThat(failures(fallback)).isZero();
                assertThat(servedBy(fallback, "remote")).as("fallback reads on the remote replica")
                        .isEqualTo(fallback.size()).isPositive();
                assertThat(slowestMillis(load.since(0))).isLessThan(ReplicaOutageTest.MAX_WAIT_MILLIS);
                assertThat(failures(load.since(restoreAt))).isZero();
                assertThat(servedBy(tail, "local")).as("reads back on the local endpoint").isEqualTo(tail.size()).isPositive();
            }
        }
    }

    /** @return which endpoint served a read: each endpoint's URL sets its own application name */
    static String read(ClusterDataSource db) throws Exception {
        try (Connection c = db.readOnlyView().getConnection()) {
            return endpointOf(c);
        }
    }

    static String endpointOf(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select current_setting('application_name')")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
