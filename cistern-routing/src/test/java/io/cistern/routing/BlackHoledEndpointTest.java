package io.cistern.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.routing.health.EndpointHealth;
import io.cistern.routing.health.Role;
import io.cistern.testkit.Await;
import io.cistern.testkit.FaultProxy;
import io.cistern.testkit.ReplicatedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The health monitor notices an endpoint whose network black-holes: its role query is bounded
 * by a network timeout (the driver's query timeout needs the network to cancel), the endpoint is
 * marked down and its idle connections are evicted, and it comes back once the network heals.
 * Without the bound the check would wait for the operating system's TCP timeout (minutes).
 */
class BlackHoledEndpointTest {
    private static final Duration ENDPOINT_TIMEOUT = Duration.ofMillis(500);

    @Test
    void aBlackHoledPrimaryIsMarkedDownWithinAFewEndpointTimeoutsAndComesBack() throws Exception {
        ReplicatedPostgres pg = ReplicatedPostgres.shared();
        try (FaultProxy proxy = new FaultProxy(pg.primary.port);
             ClusterDataSource db = new ClusterDataSource(ClusterConfig.builder()
                     .name("black-hole")
                     .username("postgres")
                     .endpoint("primary", proxy.postgresUrl("postgres"))
                     .endpoint("replica", pg.replica.url())
                     .healthCheckInterval(Duration.ofMillis(200))
                     .endpointTimeout(ENDPOINT_TIMEOUT)
                     .pool(p -> p.maximumPoolSize(3).minimumIdle(3))
                     .build())) {
            Await.until("both endpoints are up", Duration.ofSeconds(20),
                    () -> up(db, "primary") && up(db, "replica") && db.health().endpoint("primary").role() == Role.PRIMARY);
            Await.until("the primary's pool is full", Duration.ofSeconds(10), () -> db.health().endpoint("primary").poolIdle() >= 2);

            proxy.blackHole();
            long start = System.nanoTime();
            Await.until("the black-holed primary is marked down", Duration.ofSeconds(10), () -> !up(db, "primary"));
            long noticedMs = (System.nanoTime() - start) / 1_000_000;
            Await.until("its idle connections are evicted", Duration.ofSeconds(10),
                    () -> db.health().endpoint("primary").poolIdle() == 0);
            System.out.printf("RECOVERY black-holed endpoint: marked down %d ms after the black hole (interval 200 ms,"
                    + " endpoint timeout %d ms)%n", noticedMs, ENDPOINT_TIMEOUT.toMillis());
            assertThat(noticedMs).isLessThan(200 + 3 * ENDPOINT_TIMEOUT.toMillis() + 1000);
            try (Connection c = db.readOnlyView().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select pg_is_in_recovery()")) {
                rs.next();
                assertThat(rs.getBoolean(1)).as("reads still served, by the replica").isTrue();
            }

            proxy.heal();
            long healed = System.nanoTime();
            Await.until("the primary is back", Duration.ofSeconds(60), () -> up(db, "primary"));
            System.out.printf("RECOVERY black-holed endpoint: back %d ms after healing%n", (System.nanoTime() - healed) / 1_000_000);
            try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
                assertThat(rs.next()).isTrue();
            }
        }
    }

    private static boolean up(ClusterDataSource db, String endpoint) {
        EndpointHealth h = db.health().endpoint(endpoint);
        return h != null && h.up();
    }
}
