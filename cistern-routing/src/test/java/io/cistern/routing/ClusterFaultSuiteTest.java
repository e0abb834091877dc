package io.cistern.routing;

import static io.cistern.routing.FaultyCluster.up;
import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.jdbc.breaker.BreakerState;
import io.cistern.jdbc.breaker.CircuitBreakerConfig;
import io.cistern.routing.health.EndpointHealth;
import io.cistern.testkit.Await;
import io.cistern.testkit.FaultProxy;
import io.cistern.testkit.ReplicatedPostgres;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ClusterDataSource} with one of two endpoints behind the test kit's {@link FaultProxy},
 * under each fault: requests through {@code execute} (with its retries) end in bounded time and
 * are served by the healthy endpoint; an endpoint that breaks is marked down or has its breaker
 * opened; after healing it serves again; and its pool lends nothing afterwards.
 */
class ClusterFaultSuiteTest {
    private static final Duration ENDPOINT_TIMEOUT = Duration.ofMillis(500);
    private static final int SOCKET_TIMEOUT_S = 2;
    private static final long BOUND_MS = ENDPOINT_TIMEOUT.toMillis() + SOCKET_TIMEOUT_S * 1000L + 2000;

    enum Fault {
        BLACK_HOLE(FaultProxy::blackHole, true),
        LATENCY(p -> p.latency(Duration.ofMillis(150)), false),
        RESET(FaultProxy::reset, true),
        REFUSE(FaultProxy::refuse, true),
        SLOW_ACCEPT(p -> p.slowAccept(Duration.ofMillis(1500)), false),
        HALF_OPEN(FaultProxy::halfOpen, false);

        final Consumer<FaultProxy> apply;
        /** The endpoint stops working: it must be taken out of routing (down, or breaker open). */
        final boolean breaks;

        Fault(Consumer<FaultProxy> apply, boolean breaks) {
            this.apply = apply;
            this.breaks = breaks;
        }
    }

    @ParameterizedTest(name = "cluster under {0}")
    @EnumSource(Fault.class)
    void requestsAreServedInBoundedTimeAndTheEndpointComesBack(Fault fault) throws Exception {
        ReplicatedPostgres pg = ReplicatedPostgres.shared();
        String name = "cluster-" + fault.name().toLowerCase().replace('_', '-');
        try (FaultProxy proxy = new FaultProxy(pg.primary.port);
             ClusterDataSource db = FaultyCluster.open(name, proxy, ENDPOINT_TIMEOUT, SOCKET_TIMEOUT_S,
                     CircuitBreakerConfig.builder().failureThreshold(2).waitInOpenState(Duration.ofSeconds(1)).build())) {
            Await.until("both endpoints are up", Duration.ofSeconds(20), () -> up(db, "faulty") && up(db, "direct"));
            fault.apply.accept(proxy);
            Thread.sleep(600);

            long slowest = 0;
            int failed = 0;
            boolean takenOut = false;
            for (int i = 0; i < 12; i++) {
                long start = System.nanoTime();
                try {
                    FaultyCluster.selectOne(db);
                } catch (SQLException e) {
                    failed++;
                }
                slowest = Math.max(slowest, (System.nanoTime() - start) / 1_000_000);
                EndpointHealth h = db.health().endpoint("faulty");
                takenOut |= !h.up() || h.breaker().state() == BreakerState.OPEN;
            }
            proxy.heal();
            long healed = System.nanoTime();
            Await.until("the faulty endpoint is back in routing", Duration.ofSeconds(30), () -> up(db, "faulty")
                    && db.health().endpoint("faulty").breaker().state() == BreakerState.CLOSED);
            long backMs = (System.nanoTime() - healed) / 1_000_000;
            Await.until("the faulty endpoint lends nothing", Duration.ofSeconds(5), () -> db.health().endpoint("faulty").poolActive() == 0);
            System.out.printf("FAULTS cluster %s: %d/12 requests failed, slowest %d ms (bound %d), taken out of routing: %s,"
                    + " back %d ms after healing%n", fault, failed, slowest, BOUND_MS, takenOut, backMs);
            assertThat(slowest).as("slowest request").isLessThanOrEqualTo(BOUND_MS);
            assertThat(failed).as("requests failed (execute retries on the healthy endpoint)").isZero();
            if (fault.breaks) {
                assertThat(takenOut).as("the broken endpoint was taken out of routing").isTrue();
            }
        }
    }
}
