package io.cistern.routing;

import static io.cistern.routing.FaultyCluster.up;
import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.jdbc.breaker.BreakerState;
import io.cistern.jdbc.breaker.BreakerStats;
import io.cistern.jdbc.breaker.CircuitBreakerConfig;
import io.cistern.testkit.Await;
import io.cistern.testkit.FaultProxy;
import io.cistern.testkit.ReplicatedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The circuit breaker of an endpoint behind the test kit's {@link FaultProxy}, read only through
 * {@link ClusterDataSource#health()}: under a fault that breaks the endpoint it opens after its
 * failures, a request costs at most {@code endpointTimeout} on the way there and nothing while it
 * is open, it goes half-open after its wait (and opens again while the fault lasts), and it
 * closes after healing. Under faults that leave the endpoint working it never opens.
 */
class ClusterBreakerFaultTest {
    private static final Duration ENDPOINT_TIMEOUT = Duration.ofMillis(500);
    private static final Duration OPEN_WAIT = Duration.ofMillis(1500);
    private static final int SOCKET_TIMEOUT_S = 2;
    /** A query on a connection lent just before the fault may wait for its socket timeout. */
    private static final long REQUEST_BOUND_MS = ENDPOINT_TIMEOUT.toMillis() + SOCKET_TIMEOUT_S * 1000L + 1000;
    /** What asking an open breaker may cost: far less than waiting on the endpoint. */
    private static final long OPEN_ACQUIRE_BOUND_MS = ENDPOINT_TIMEOUT.toMillis() / 2;

    enum Fault {
        BLACK_HOLE(FaultProxy::blackHole, Expect.OPENS),
        RESET(FaultProxy::reset, Expect.OPENS),
        REFUSE(FaultProxy::refuse, Expect.OPENS),
        LATENCY(p -> p.latency(Duration.ofMillis(150)), Expect.STAYS_CLOSED),
        /** Open connections keep serving; only new ones are slow, and the pool needs none. */
        SLOW_ACCEPT(p -> p.slowAccept(Duration.ofMillis(1500)), Expect.STAYS_CLOSED),
        /**
         * Kills the open connections once; new ones work. Two dead connections lent in a row
         * may open the breaker, so the promise is that it ends closed without healing.
         */
        HALF_OPEN(FaultProxy::halfOpen, Expect.CLOSED_AGAIN_BY_ITSELF);

        final Consumer<FaultProxy> apply;
        final Expect expect;

        Fault(Consumer<FaultProxy> apply, Expect expect) {
            this.apply = apply;
            this.expect = expect;
        }
    }

    enum Expect { OPENS, STAYS_CLOSED, CLOSED_AGAIN_BY_ITSELF }

    @ParameterizedTest(name = "breaker under {0}")
    @EnumSource(Fault.class)
    void theBreakerOpensOnlyWhenTheEndpointBreaksAndClosesAfterHealing(Fault fault) throws Exception {
        ReplicatedPostgres pg = ReplicatedPostgres.shared();
        String name = "breaker-" + fault.name().toLowerCase().replace('_', '-');
        try (FaultProxy proxy = new FaultProxy(pg.primary.port);
             ClusterDataSource db = FaultyCluster.open(name, proxy, ENDPOINT_TIMEOUT, SOCKET_TIMEOUT_S,
                     CircuitBreakerConfig.builder().failureThreshold(2).waitInOpenState(OPEN_WAIT).build())) {
            Await.until("both endpoints are up", Duration.ofSeconds(20), () -> up(db, "faulty") && up(db, "direct")
                    && breaker(db).state() == BreakerState.CLOSED);
            assertThat(breaker(db).timesOpened()).as("opened before the fault").isZero();
            fault.apply.accept(proxy);
            long faulted = System.nanoTime();

            if (fault.expect == Expect.CLOSED_AGAIN_BY_ITSELF) {
                long slowest = 0;
                for (int i = 0; i < 12; i++) {
                    slowest = Math.max(slowest, request(db));
                }
                long done = System.nanoTime();
                Await.until("the breaker is closed and the endpoint up without healing", OPEN_WAIT.plus(Duration.ofSeconds(10)),
                        () -> breaker(db).state() == BreakerState.CLOSED && up(db, "faulty"));
                long closedMs = (System.nanoTime() - done) / 1_000_000;
                BreakerStats after = breaker(db);
                System.out.printf("FAULTS breaker %s: opened %d times (%d failures seen), slowest request %d ms (bound %d),"
                        + " closed and up %d ms after the last request%n", fault, after.timesOpened(), after.failures(),
                        slowest, REQUEST_BOUND_MS, closedMs);
                assertThat(slowest).as("slowest request").isLessThanOrEqualTo(REQUEST_BOUND_MS);
                return;
            }
            if (fault.expect == Expect.STAYS_CLOSED) {
                long slowest = 0;
                for (int i = 0; i < 12; i++) {
                    slowest = Math.max(slowest, request(db));
                }
                BreakerStats after = breaker(db);
                System.out.printf("FAULTS breaker %s: never opened (state %s, %d failures seen), slowest request %d ms%n",
                        fault, after.state(), after.failures(), slowest);
                assertThat(after.timesOpened()).as("times the breaker opened under %s", fault).isZero();
                assertThat(after.state()).isEqualTo(BreakerState.CLOSED);
                assertThat(slowest).as("slowest request").isLessThanOrEqualTo(REQUEST_BOUND_MS);
                return;
            }

            // 1. Requests (and the health checks) meet the fault until the breaker opens; each
            // waits on the faulty endpoint at most endpointTimeout before execute moves on.
            long slowest = 0;
            long openDeadline = faulted + Duration.ofSeconds(15).toNanos();
            while (breaker(db).timesOpened() == 0 && System.nanoTime() < openDeadline) {
                slowest = Math.max(slowest, request(db));
            }
            long openMs = (System.nanoTime() - faulted) / 1_000_000;
            assertThat(breaker(db).timesOpened()).as("the breaker opened within 15 s of %s", fault).isPositive();
            assertThat(slowest).as("slowest request before the breaker opened").isLessThanOrEqualTo(REQUEST_BOUND_MS);
            assertThat(breaker(db).failures()).as("failures counted when it opened (threshold 2)").isGreaterThanOrEqualTo(2);

            // 2. While open, the faulty endpoint costs nothing: acquires never wait on it and it
            // lends no connection. Only acquires made inside one unbroken open period count.
            long openSlowest = 0;
            int whileOpen = 0;
            for (int i = 0; i < 20 && whileOpen < 4; i++) {
                BreakerStats before = breaker(db);
                long writesBefore = db.health().endpoint("faulty").writesServed();
                long start = System.nanoTime();
                try (Connection c = db.getConnection()) {
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    BreakerStats after = breaker(db);
                    if (before.state() == BreakerState.OPEN && after.state() == BreakerState.OPEN
                            && after.timesOpened() == before.timesOpened() && after.timesHalfOpened() == before.timesHalfOpened()) {
                        whileOpen++;
                        openSlowest = Math.max(openSlowest, ms);
                        assertThat(db.health().endpoint("faulty").writesServed()).as("connections the open endpoint lent")
                                .isEqualTo(writesBefore);
                    }
                }
                if (whileOpen < 4 && breaker(db).state() != BreakerState.OPEN) {
                    Await.until("the breaker is open again", Duration.ofSeconds(10), () -> breaker(db).state() == BreakerState.OPEN);
                }
            }
            assertThat(whileOpen).as("acquires made while the breaker stayed open").isEqualTo(4);
            assertThat(openSlowest).as("slowest acquire while open (ms)").isLessThan(OPEN_ACQUIRE_BOUND_MS);

            // 3. After its wait it lets a probe through (half-open); the fault still holds, so the
            // probe fails and it opens again.
            long opened = breaker(db).timesOpened();
            Await.until("the breaker goes half-open and opens again", OPEN_WAIT.plus(Duration.ofSeconds(10)),
                    () -> breaker(db).timesHalfOpened() >= 1 && breaker(db).timesOpened() > opened);
            assertThat(breaker(db).timesClosed()).as("times closed while the fault held").isZero();

            // 4. Healed: the next probe after the wait succeeds and closes it.
            proxy.heal();
            long healed = System.nanoTime();
            Await.until("the breaker closes after healing", OPEN_WAIT.plus(Duration.ofSeconds(15)),
                    () -> breaker(db).state() == BreakerState.CLOSED && up(db, "faulty"));
            long closeMs = (System.nanoTime() - healed) / 1_000_000;
            BreakerStats end = breaker(db);
            assertThat(end.timesClosed()).isPositive();
            System.out.printf("FAULTS breaker %s: opened %d ms after the fault (slowest request %d ms, bound %d),"
                    + " %d acquires while open, slowest %d ms, half-open %d times, closed %d ms after healing (wait %d ms)%n",
                    fault, openMs, slowest, REQUEST_BOUND_MS, whileOpen, openSlowest, end.timesHalfOpened(), closeMs,
                    OPEN_WAIT.toMillis());
        }
    }

    /** One request through {@code execute}; returns its duration in ms. Failures are the suite's business. */
    private static long request(ClusterDataSource db) {
        long start = System.nanoTime();
        try {
            FaultyCluster.selectOne(db);
        } catch (SQLException e) {
            // counted by ClusterFaultSuiteTest; here only the breaker matters
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static BreakerStats breaker(ClusterDataSource db) {
        return db.health().endpoint("faulty").breaker();
    }
}
