package io.cistern.routing;

import static io.cistern.routing.LoadRecorder.failures;
import static io.cistern.routing.LoadRecorder.servedBy;
import static io.cistern.routing.LoadRecorder.slowestMillis;
import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.jdbc.breaker.BreakerState;
import io.cistern.jdbc.breaker.BreakerStats;
import io.cistern.jdbc.breaker.CircuitBreakerConfig;
import io.cistern.routing.health.HealthStatus;
import io.cistern.routing.LoadRecorder.Outcome;
import io.cistern.testkit.Await;
import io.cistern.testkit.ReplicatedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Stops the replica under a read load and starts it again: reads move to the primary without any
 * request waiting more than about {@code endpointTimeout}, the replica's breaker opens, and once
 * the replica is back its breaker closes and reads return to it.
 */
class ReplicaOutageTest {
    static final long MAX_WAIT_MILLIS = 1500;

    static String server(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1) ? "replica" : "primary";
        }
    }

    /** @return milliseconds from {@code fromNanos} on the recorder's clock until the condition held */
    static long awaitMillis(long fromNanos, LoadRecorder clock, Duration within, String what, BooleanSupplier condition)
            throws InterruptedException {
        Await.until(what, within, condition);
        return TimeUnit.NANOSECONDS.toMillis(clock.now() - fromNanos);
    }

    @Test
    void readsMoveToThePrimaryWhileTheReplicaIsDownAndReturnWhenItIsBack() throws Exception {
        ReplicatedPostgres pg = ReplicatedPostgres.shared();
        try (ClusterDataSource db = new ClusterDataSource(ClusterConfig.builder()
                .name("outage")
                .endpoint("primary", pg.primary.url())
                .endpoint("replica", pg.replica.url())
                .username("postgres")
                .healthCheckInterval(Duration.ofMillis(250))
                .endpointTimeout(Duration.ofMillis(500))
                .connectionTimeout(Duration.ofSeconds(10))
                .circuitBreaker(CircuitBreakerConfig.builder().failureThreshold(3)
                        .waitInOpenState(Duration.ofSeconds(1)).permittedProbes(1).build())
                .pool(p -> p.maximumPoolSize(6).minimumIdle(2))
                .build());
             LoadRecorder load = new LoadRecorder(4, 2, () -> {
                 try (Connection c = db.readOnlyView().getConnection()) {
                     return server(c);
                 }
             })) {
            Thread.sleep(1000);
            List<Outcome> warm = load.since(0);
            assertThat(failures(warm)).isZero();
            assertThat(servedBy(warm, "replica")).isEqualTo(warm.size()).isPositive();

            long stopAt = load.now();
            pg.replica.stop();
            long openedMillis = awaitMillis(stopAt, load, Duration.ofSeconds(5), "replica breaker leaves CLOSED",
                    () -> db.health().endpoint("replica").breaker().state() != BreakerState.CLOSED);
            long openAt = load.now();
            assertThat(db.health().status()).isEqualTo(HealthStatus.DEGRADED);
            Thread.sleep(2500); // long enough for the breaker to let a probe through and fail again

            long restartAt = load.now();
            pg.replica.start();
            long backMillis = awaitMillis(restartAt, load, Duration.ofSeconds(20), "reads back on the replica, breaker closed",
                    () -> servedBy(load.since(restartAt), "replica") > 0
                            && db.health().endpoint("replica").breaker().state() == BreakerState.CLOSED);
            Thread.sleep(500);
            long end = load.now();
            load.close();

            List<Outcome> outage = load.between(stopAt, restartAt);
            List<Outcome> afterOpen = load.between(openAt + TimeUnit.MILLISECONDS.toNanos(100), restartAt);
            List<Outcome> recovery = load.between(restartAt, end);
            List<Outcome> all = load.since(0);
            BreakerStats breaker = db.health().endpoint("replica").breaker();
            System.out.printf("RECOVERY replica-outage: %d of %d reads failed during the outage, all of them before the breaker opened "
                            + "(%d ms after the stop); slowest read %d ms; reads back on the replica %d ms after its restart; "
                            + "%d of %d reads failed during the recovery; breaker opened %d times, closed %d times%n",
                    failures(outage), outage.size(), openedMillis, slowestMillis(all), backMillis,
                    failures(recovery), recovery.size(), breaker.timesOpened(), breaker.timesClosed());

            assertThat(slowestMillis(all)).as("slowest read (ms)").isLessThan(MAX_WAIT_MILLIS);
            assertThat(failures(afterOpen)).as("reads failed after the breaker opened").isZero();
            assertThat(servedBy(afterOpen, "primary")).as("reads served by the primary while the replica is down")
                    .isEqualTo(afterOpen.size()).isGreaterThan(50);
            assertThat(failures(recovery)).as("reads failed while the replica came back").isZero();
            assertThat(breaker.timesOpened()).isPositive();
            assertThat(breaker.state()).isEqualTo(BreakerState.CLOSED);
            assertThat(db.health().status()).isEqualTo(HealthStatus.HEALTHY);
            List<Outcome> last = load.between(end - TimeUnit.MILLISECONDS.toNanos(300), end);
            assertThat(servedBy(last, "replica")).as("reads back on the replica").isEqualTo(last.size()).isPositive();
        } finally {
            if (!pg.replica.isRunning()) {
                pg.replica.start();
            }
        }
    }
}
