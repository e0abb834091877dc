package io.cistern.routing;

import io.cistern.jdbc.breaker.CircuitBreakerConfig;
import io.cistern.routing.health.EndpointHealth;
import io.cistern.testkit.FaultProxy;
import io.cistern.testkit.ReplicatedPostgres;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * The fault tests' cluster: endpoint {@code faulty} reaches the shared primary through a
 * {@link FaultProxy}, endpoint {@code direct} reaches it directly; round robin, no role detection,
 * checks every 200 ms, pools of 2 with the socket recipe of docs/RELIABILITY.md.
 */
final class FaultyCluster {
    private FaultyCluster() {
    }

    static ClusterDataSource open(String name, FaultProxy proxy, Duration endpointTimeout, int socketTimeoutSeconds,
                                  CircuitBreakerConfig breaker) {
        return new ClusterDataSource(ClusterConfig.builder()
                .name(name)
                .username("postgres")
                .noRoleDetection()
                .loadBalancing(LoadBalancing.ROUND_ROBIN)
                .endpoint("faulty", proxy.postgresUrl("postgres"))
                .endpoint("direct", ReplicatedPostgres.shared().primary.url())
                .healthCheckInterval(Duration.ofMillis(200))
                .endpointTimeout(endpointTimeout)
                .circuitBreaker(breaker)
                .pool(p -> p.maximumPoolSize(2).minimumIdle(2)
                        .addDataSourceProperty("socketTimeout", Integer.toString(socketTimeoutSeconds))
                        .addDataSourceProperty("connectTimeout", "2")
                        .addDataSourceProperty("cancelSignalTimeout", "1"))
                .build());
    }

    /** One {@code select 1} through {@code execute} (with its retries). */
    static void selectOne(ClusterDataSource db) throws SQLException {
        db.execute(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
                return rs.next();
            }
        });
    }

    static boolean up(ClusterDataSource db, String endpoint) {
        EndpointHealth h = db.health().endpoint(endpoint);
        return h != null && h.up();
    }
}
