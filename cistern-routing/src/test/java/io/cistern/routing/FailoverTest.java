package io.cistern.routing;

import static io.cistern.routing.LoadRecorder.failures;
import static io.cistern.routing.LoadRecorder.servedBy;
import static io.cistern.routing.LoadRecorder.slowestMillis;
import static io.cistern.routing.ReplicaOutageTest.awaitMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.routing.LoadRecorder.Outcome;
import io.cistern.jdbc.breaker.BreakerState;
import io.cistern.jdbc.breaker.CircuitBreakerConfig;
import io.cistern.routing.health.ClusterHealth;
import io.cistern.routing.health.HealthStatus;
import io.cistern.routing.health.Role;
import io.cistern.routing.retry.RetryPolicy;
import io.cistern.testkit.Await;
import io.cistern.testkit.ReplicatedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The primary dies and the replica is promoted, under a write load: writes follow the new
 * primary within seconds, and when the old primary comes back still believing it is a primary,
 * it never takes a write again. Runs on a pair of its own, which it destroys.
 */
class FailoverTest {

    @Test
    void writesFollowThePromotedReplicaAndNeverReturnToTheOldPrimary() throws Exception {
        try (ReplicatedPostgres pg = ReplicatedPostgres.create("failover")) {
            ReplicatedPostgres.sql(pg.primary, "create table failover_log(id bigserial primary key, writer int, at timestamptz default now())");
            pg.awaitReplicaCaughtUp(Duration.ofSeconds(10));
            String oldPrimary = "a";
            String promoted = "b";
            try (ClusterDataSource db = new ClusterDataSource(ClusterConfig.builder()
                    .name("failover")
                    .endpoint(oldPrimary, pg.primary.url())
                    .endpoint(promoted, pg.replica.url())
                    .username("postgres")
                    .healthCheckInterval(Duration.ofMillis(250))
                    .endpointTimeout(Duration.ofMillis(500))
                    .connectionTimeout(Duration.ofSeconds(10))
                    .circuitBreaker(CircuitBreakerConfig.builder().failureThreshold(3)
                            .waitInOpenState(Duration.ofSeconds(1)).build())
                    .retryPolicy(RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(50))
                            .maxBackoff(Duration.ofMillis(400)).retryReadOnlyServerFailures(true).build())
                    .pool(p -> p.maximumPoolSize(6).minimumIdle(2))
                    .build())) {
                assertThat(db.health().writeEndpoint()).isEqualTo(oldPrimary);
                AtomicInteger writer = new AtomicInteger();
                try (LoadRecorder load = new LoadRecorder(3, 5, () -> db.execute(c -> insertReturningServer(c, writer.incrementAndGet())))) {
                    Thread.sleep(800);
                    List<Outcome> before = load.since(0);
                    assertThat(failures(before)).isZero();
                    assertThat(servedBy(before, "primary:" + pg.primary.port)).isEqualTo(before.size()).isPositive();

                    long failAt = load.now();
                    pg.primary.stop();
                    pg.replica.promote();
                    long recoveredMillis = awaitMillis(failAt, load, Duration.ofSeconds(15), "a write on the promoted replica",
                            () -> servedBy(load.since(failAt), "primary:" + pg.replica.port) > 0);
                    long recoveredAt = load.now();
                    assertThat(db.health().writeEndpoint()).isEqualTo(promoted);

                    // The old primary comes back as a primary on the old timeline (split brain):
                    // it must never take a write again.
                    long restartAt = load.now();
                    pg.primary.start();
                    awaitMillis(restartAt, load, Duration.ofSeconds(10), "old primary checked up as PRIMARY",
                            () -> db.health().endpoint(oldPrimary).up() && db.health().endpoint(oldPrimary).role() == Role.PRIMARY);
                    long writesOnOldBefore = db.health().endpoint(oldPrimary).writesServed();
                    Thread.sleep(1000);
                    long end = load.now();
                    load.close();

                    List<Outcome> failover = load.between(failAt, recoveredAt);
                    List<Outcome> afterRecovery = load.between(recoveredAt, end);
                    ClusterHealth health = db.health();
                    System.out.printf("RECOVERY failover: writes on the promoted replica %d ms after the primary stopped; "
                                    + "%d of %d writes failed (after up to 3 attempts) during the failover, %d of %d after; "
                                    + "slowest write %d ms; %d retries in all; write target changed %d times%n",
                            recoveredMillis, failures(failover), failover.size(), failures(afterRecovery), afterRecovery.size(),
                            slowestMillis(load.since(0)), db.retryStats().retries(), health.writeTargetChanges());

                    assertThat(recoveredMillis).as("time to the first write on the new primary (ms)").isLessThan(10_000);
                    assertThat(failures(afterRecovery)).as("writes failed once the new primary took over").isZero();
                    assertThat(servedBy(afterRecovery, "primary:" + pg.replica.port))
                            .as("every write after the failover reached the promoted server").isEqualTo(afterRecovery.size());
                    assertThat(health.writeEndpoint()).isEqualTo(promoted);
                    assertThat(health.endpoint(oldPrimary).writesServed()).as("writes routed to the old primary after it returned")
                            .isEqualTo(writesOnOldBefore);
                    assertThat(health.writeTargetChanges()).isEqualTo(1);
                    assertThat(health.demotionsEvicted()).isPositive();
                    assertThat(health.status()).as("two servers claim to be primary; the stale one counts as not well")
                            .isEqualTo(HealthStatus.DEGRADED);
                    assertThat(countOn(pg.primary.port, TimeUnit.NANOSECONDS.toMillis(end - restartAt))).isZero();

                    // Even when the new primary looks down for a moment, writes never go back to
                    // the stale one: they fail fast until the new primary answers again.
                    Endpoint newPrimary = db.router().endpoints()[1];
                    newPrimary.breaker.forceOpen(new SQLException("test: the new primary looks down"));
                    db.router().refreshTopology();
                    assertThatThrownBy(() -> db.execute(FailoverTest::server))
                            .isInstanceOf(SQLTransientConnectionException.class).hasMessageContaining("b: PRIMARY (writes), breaker OPEN");
                    assertThat(db.health().writeEndpoint()).isEqualTo(promoted);
                    assertThat(db.health().endpoint(oldPrimary).writesServed()).isEqualTo(writesOnOldBefore);
                    Await.until("the new primary's breaker closed again", Duration.ofSeconds(10),
                            () -> db.health().endpoint(promoted).breaker().state() == BreakerState.CLOSED);
                    assertThat(db.execute(FailoverTest::server)).isEqualTo("primary:" + pg.replica.port);
                }
            }
        }
    }

    private static String server(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select inet_server_port()")) {
            rs.next();
            return "primary:" + rs.getInt(1);
        }
    }

    private static String insertReturningServer(Connection c, int writer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into failover_log(writer) values (?) returning inet_server_port()")) {
            ps.setInt(1, writer);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return "primary:" + rs.getInt(1);
            }
        }
    }

    /** @return rows the old primary received in the last {@code millis} */
    private static long countOn(int port, long millis) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from failover_log where at > now() - interval '" + millis + " milliseconds'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
