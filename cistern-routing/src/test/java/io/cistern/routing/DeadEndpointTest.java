package io.cistern.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.jdbc.breaker.BreakerState;
import io.cistern.jdbc.breaker.CircuitBreakerConfig;
import io.cistern.routing.health.HealthStatus;
import io.cistern.testkit.FaultProxy;
import io.cistern.testkit.ReplicatedPostgres;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A dead endpoint never costs a caller the full acquire timeout (here 20 s): before its breaker
 * opens a request waits at most {@code endpointTimeout} on it, then moves on; once open it is
 * skipped at once. Covers a refused port and a black hole (connections accepted, never answered).
 */
class DeadEndpointTest {
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration ENDPOINT_TIMEOUT = Duration.ofMillis(400);

    /**
     * Health checks every 10 s: callers, not the monitor, are the ones who find the endpoint
     * dead, which is the path this test is about.
     */
    private static ClusterConfig.Builder cluster(String name) {
        return ClusterConfig.builder()
                .name(name)
                .username("postgres")
                .noRoleDetection()
                .loadBalancing(LoadBalancing.ROUND_ROBIN)
                .healthCheckInterval(Duration.ofSeconds(10))
                .endpointTimeout(ENDPOINT_TIMEOUT)
                .connectionTimeout(CONNECTION_TIMEOUT)
                .circuitBreaker(CircuitBreakerConfig.builder().failureThreshold(2).waitInOpenState(Duration.ofSeconds(30)).build())
                .pool(p -> p.maximumPoolSize(2).minimumIdle(1));
    }

    private static long millisToGetAndUse(ClusterDataSource db) throws Exception {
        long start = System.nanoTime();
        try (Connection c = db.getConnection()) {
            assertThat(c.isValid(1)).isTrue();
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    /**
     * Kills one endpoint after the start, waits until its pooled connections have been idle long
     * enough to be validated before reuse, and sends requests: none may fail, none may wait
     * more than about one endpoint timeout, and once the breaker is open none may wait at all.
     */
    private static void endpointDiesAfterTheStart(String name, java.util.function.Consumer<FaultProxy> kill) throws Exception {
        ReplicatedPostgres pg = ReplicatedPostgres.shared();
        try (FaultProxy proxy = new FaultProxy(pg.primary.port);
             ClusterDataSource db = new ClusterDataSource(cluster(name)
                     .endpoint("dying", proxy.postgresUrl("postgres"))
                     .endpoint("live", pg.primary.url())
                     .build())) {
            assertThat(millisToGetAndUse(db) + millisToGetAndUse(db)).isLessThan(1000);
            kill.accept(proxy);
            Thread.sleep(600);
            long slowest = 0;
            int requests = 0;
            while (db.health().endpoint("dying").breaker().state() != BreakerState.OPEN) {
                assertThat(requests++).as("requests before the breaker opened").isLessThan(20);
                slowest = Math.max(slowest, millisToGetAndUse(db));
            }
            long afterOpen = 0;
            for (int i = 0; i < 40; i++) {
                afterOpen = Math.max(afterOpen, millisToGetAndUse(db));
            }
            System.out.printf("RECOVERY dead-endpoint (%s): 0 failed requests; slowest %d ms over the %d requests before its breaker "
                    + "opened, %d ms after (acquire timeout %d ms)%n", name, slowest, requests, afterOpen, CONNECTION_TIMEOUT.toMillis());
            assertThat(slowest).as("the dead endpoint was tried by callers").isGreaterThanOrEqualTo(ENDPOINT_TIMEOUT.toMillis() / 2);
            assertThat(slowest).isLessThan(ENDPOINT_TIMEOUT.toMillis() + 600);
            assertThat(afterOpen).isLessThan(200);
            assertThat(db.health().status()).isEqualTo(HealthStatus.DEGRADED);
        }
    }

    @Test
    void aRefusingEndpointCostsAtMostTheEndpointTimeoutAndThenNothing() throws Exception {
        endpointDiesAfterTheStart("refused", FaultProxy::refuse);
    }

    @Test
    void aBlackHoledEndpointCostsAtMostTheEndpointTimeoutAndThenNothing() throws Exception {
        // Open connections are reset first, so that only new connections meet the black hole.
        endpointDiesAfterTheStart("blackhole", proxy -> {
            proxy.reset();
            proxy.blackHole();
        });
    }

    /**
     * One endpoint, so every write takes the router's shortcut past the choice. The shortcut must
     * end the moment the breaker opens (or requests would keep waiting the endpoint timeout) and
     * come back when it closes.
     */
    @Test
    void aSingleEndpointFailsFastWhileItsBreakerIsOpenAndServesAgainOnceItCloses() throws Exception {
        ReplicatedPostgres pg = ReplicatedPostgres.shared();
        try (FaultProxy proxy = new FaultProxy(pg.primary.port);
             ClusterDataSource db = new ClusterDataSource(cluster("single")
                     .circuitBreaker(CircuitBreakerConfig.builder().failureThreshold(2).waitInOpenState(Duration.ofMillis(800)).build())
                     .endpoint("only", proxy.postgresUrl("postgres"))
                     .build())) {
            assertThat(millisToGetAndUse(db) + millisToGetAndUse(db)).isLessThan(1000);
            proxy.refuse();
            Thread.sleep(600);
            int requests = 0;
            while (db.health().endpoint("only").breaker().state() != BreakerState.OPEN) {
                assertThat(requests++).as("requests before the breaker opened").isLessThan(10);
                long start = System.nanoTime();
                assertThatThrownBy(() -> millisToGetAndUse(db)).isInstanceOf(java.sql.SQLException.class);
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(ENDPOINT_TIMEOUT.toMillis() + 600);
            }
            long start = System.nanoTime();
            assertThatThrownBy(() -> millisToGetAndUse(db)).isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("only");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("a request while the breaker is open").isLessThan(200);
            proxy.heal();
            Thread.sleep(900);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (db.health().endpoint("only").breaker().state() != BreakerState.CLOSED) {
                assertThat(System.nanoTime()).as("the breaker closes after the endpoint is back").isLessThan(deadline);
                try {
                    millisToGetAndUse(db);
                } catch (java.sql.SQLException stillProbing) {
                    Thread.sleep(100);
                }
            }
            long afterClose = 0;
            for (int i = 0; i < 20; i++) {
                afterClose = Math.max(afterClose, millisToGetAndUse(db));
            }
            assertThat(afterClose).isLessThan(200);
        }
    }

    @Test
    void withEveryEndpointDownARequestFailsFastWithEveryEndpointDescribed() throws Exception {
        ReplicatedPostgres pg = ReplicatedPostgres.shared();
        try (FaultProxy a = new FaultProxy(pg.primary.port);
             FaultProxy b = new FaultProxy(pg.primary.port);
             ClusterDataSource db = new ClusterDataSource(cluster("all-dead")
                     .endpoint("a", a.postgresUrl("postgres"))
                     .endpoint("b", b.postgresUrl("postgres"))
                     .build())) {
            a.refuse();
            b.refuse();
            Thread.sleep(600);
            long slowest = 0;
            int requests = 0;
            while (!db.health().endpoints().stream().allMatch(e -> e.breaker().state() == BreakerState.OPEN)) {
                assertThat(requests++).isLessThan(10);
                long start = System.nanoTime();
                assertThatThrownBy(() -> millisToGetAndUse(db))
                        .isInstanceOf(SQLTransientConnectionException.class)
                        .hasMessageContaining("no endpoint can serve writes")
                        .hasMessageContaining("a: ANY").hasMessageContaining("b: ANY")
                        .satisfies(e -> assertThat(((SQLTransientConnectionException) e).getSQLState()).isEqualTo("08001"));
                slowest = Math.max(slowest, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            }
            long start = System.nanoTime();
            assertThatThrownBy(() -> millisToGetAndUse(db)).isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("breaker OPEN");
            long openMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            System.out.printf("RECOVERY all-endpoints-down: requests failed after at most %d ms before the breakers opened, "
                    + "%d ms after (acquire timeout %d ms)%n", slowest, openMillis, CONNECTION_TIMEOUT.toMillis());
            assertThat(slowest).isLessThan(2 * ENDPOINT_TIMEOUT.toMillis() + 600);
            assertThat(openMillis).isLessThan(100);
            assertThat(db.health().status()).isEqualTo(HealthStatus.UNHEALTHY);
        }
    }
}
