package io.cistern.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.jdbc.breaker.BreakerState;
import io.cistern.jdbc.breaker.CircuitBreakerConfig;
import io.cistern.testkit.Await;
import io.cistern.testkit.FaultProxy;
import io.cistern.testkit.ReplicatedPostgres;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads spread over two replicas (the real replica, directly and through a proxy, each endpoint
 * naming its sessions) by each strategy; writes stay on the primary.
 */
class LoadBalancingTest {
    private static FaultProxy proxy;

    @BeforeAll
    static void start() {
        proxy = new FaultProxy(ReplicatedPostgres.shared().replica.port);
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    private static ClusterDataSource cluster(LoadBalancing strategy) {
        ReplicatedPostgres pg = ReplicatedPostgres.shared();
        return new ClusterDataSource(ClusterConfig.builder()
                .name("lb-" + strategy.name().toLowerCase().replace('_', '-'))
                .endpoint("primary", pg.primary.url() + "?ApplicationName=primary")
                .endpoint("r1", pg.replica.url() + "?ApplicationName=r1")
                .endpoint("r2", proxy.postgresUrl("postgres") + "?ApplicationName=r2")
                .username("postgres")
                .loadBalancing(strategy)
                .healthCheckInterval(Duration.ofMillis(200))
                .endpointTimeout(Duration.ofMillis(400))
                .circuitBreaker(CircuitBreakerConfig.builder().failureThreshold(3).waitInOpenState(Duration.ofMillis(500)).build())
                .pool(p -> p.maximumPoolSize(4).minimumIdle(1))
                .build());
    }

    private static Map<String, Integer> reads(ClusterDataSource db, int n) throws Exception {
        Map<String, Integer> served = new HashMap<>();
        for (int i = 0; i < n; i++) {
            served.merge(HybridModeTest.read(db), 1, Integer::sum);
        }
        return served;
    }

    @Test
    void roundRobinAlternates() throws Exception {
        try (ClusterDataSource db = cluster(LoadBalancing.ROUND_ROBIN)) {
            assertThat(reads(db, 100)).containsOnly(Map.entry("r1", 50), Map.entry("r2", 50));
            assertThat(db.execute(HybridModeTest::endpointOf)).isEqualTo("primary");
        }
    }

    @Test
    void roundRobinAlternatesWithinEveryThread() throws Exception {
        try (ClusterDataSource db = cluster(LoadBalancing.ROUND_ROBIN)) {
            Map<String, Integer> served = new java.util.concurrent.ConcurrentHashMap<>();
            java.util.List<Thread> threads = new java.util.ArrayList<>();
            java.util.Queue<Throwable> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
            for (int t = 0; t < 4; t++) {
                threads.add(new Thread(() -> {
                    try {
                        reads(db, 30).forEach((endpoint, count) -> served.merge(endpoint, count, Integer::sum));
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
            assertThat(failures).isEmpty();
            assertThat(served).containsOnly(Map.entry("r1", 60), Map.entry("r2", 60));
        }
    }

    @Test
    void randomSpreadsOverBoth() throws Exception {
        try (ClusterDataSource db = cluster(LoadBalancing.RANDOM)) {
            Map<String, Integer> served = reads(db, 400);
            assertThat(served).containsOnlyKeys("r1", "r2");
            // Binomial(400, 0.5): 120 and 280 are 8 standard deviations out.
            assertThat(served.get("r1")).isBetween(120, 280);
        }
    }

    @Test
    void leastConnectionsTakesTheReplicaWithFewerConnectionsLentOut() throws Exception {
        try (ClusterDataSource db = cluster(LoadBalancing.LEAST_CONNECTIONS)) {
            try (Connection first = db.readOnlyView().getConnection()) {
                String a = HybridModeTest.endpointOf(first);
                String other = a.equals("r1") ? "r2" : "r1";
                for (int i = 0; i < 10; i++) {
                    try (Connection second = db.readOnlyView().getConnection()) {
                        assertThat(HybridModeTest.endpointOf(second)).isEqualTo(other);
                    }
                }
                try (Connection second = db.readOnlyView().getConnection()) {
                    assertThat(HybridModeTest.endpointOf(second)).isEqualTo(other);
                    try (Connection third = db.readOnlyView().getConnection()) {
                        assertThat(HybridModeTest.endpointOf(third)).isIn("r1", "r2"); // a tie, one each
                    }
                }
            }
            assertThat(reads(db, 40)).containsOnlyKeys("r1", "r2");
        }
    }

    @Test
    void healthBasedAvoidsTheReplicaWithRecentFailures() throws Exception {
        try (ClusterDataSource db = cluster(LoadBalancing.HEALTH_BASED)) {
            // Equally healthy replicas share the load once their measured latencies are steady.
            Await.until("r1 and r2 latencies measured and within 1 ms", Duration.ofSeconds(15), () -> {
                Duration r1 = db.health().endpoint("r1").latency();
                Duration r2 = db.health().endpoint("r2").latency();
                return !r1.isZero() && !r2.isZero() && r1.minus(r2).abs().toNanos() < 1_000_000;
            });
            assertThat(reads(db, 40)).as(() -> db.health().endpoints().toString()).containsOnlyKeys("r1", "r2");
            proxy.refuse();
            Await.until("r2 breaker open", Duration.ofSeconds(5), () -> db.health().endpoint("r2").breaker().state() == BreakerState.OPEN);
            proxy.heal();
            Await.until("r2 breaker closed", Duration.ofSeconds(15), () -> db.health().endpoint("r2").breaker().state() == BreakerState.CLOSED);
            assertThat(db.health().endpoint("r2").recentErrors()).isGreaterThanOrEqualTo(2.0);
            assertThat(reads(db, 50)).containsOnly(Map.entry("r1", 50));
        }
    }
}
