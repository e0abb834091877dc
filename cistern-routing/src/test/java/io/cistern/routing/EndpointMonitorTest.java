package io.cistern.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.jdbc.monitor.PoolHealth;
import io.cistern.jdbc.monitor.PoolSample;
import io.cistern.testkit.ReplicatedPostgres;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An endpoint's pool monitor counts the endpoint's circuit breaker (on the shared primary + replica). */
class EndpointMonitorTest {

    @Test
    void anOpenBreakerMakesTheEndpointsPoolUnhealthy() {
        ReplicatedPostgres pg = ReplicatedPostgres.shared();
        try (ClusterDataSource db = new ClusterDataSource(ClusterConfig.builder().name("monitored")
                .endpoint("p", pg.primary.url()).endpoint("r", pg.replica.url()).username("postgres")
                .healthCheckInterval(Duration.ofMinutes(10)).pool(p -> p.maximumPoolSize(2).minimumIdle(1)).build())) {
            Endpoint replica = db.router().endpoints()[1];
            assertThat(replica.pool.monitor().sample().health()).isEqualTo(PoolHealth.HEALTHY);
            replica.breaker.forceOpen(new SQLException("test: the replica looks down"));
            PoolSample s = replica.pool.monitor().sample();
            assertThat(s.health()).isEqualTo(PoolHealth.UNHEALTHY);
            assertThat(s.reason()).isEqualTo("breaker open");
            assertThat(db.router().endpoints()[0].pool.monitor().sample().health()).as("the other endpoint").isEqualTo(PoolHealth.HEALTHY);
        }
    }
}
