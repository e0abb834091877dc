package io.cistern.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.jdbc.CisternDataSource;
import io.cistern.testkit.ReplicatedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * A HikariCP user's properties with a primary+replica URL, through {@code new CisternDataSource(props)}
 * and nothing else: the cluster discipline reads from the replica by {@code setReadOnly(true)}
 * and rides out a failover. Runs on a pair of its own, which it destroys.
 */
class FrontDoorClusterTest {

    private static Properties hikariProperties(ReplicatedPostgres pg) {
        Properties p = new Properties();
        p.setProperty("jdbcUrl", "jdbc:postgresql://127.0.0.1:" + pg.primary.port + ",127.0.0.1:" + pg.replica.port + "/postgres");
        p.setProperty("username", "postgres");
        p.setProperty("password", "");
        p.setProperty("maximumPoolSize", "4");
        p.setProperty("minimumIdle", "1");
        p.setProperty("connectionTimeout", "10000");
        p.setProperty("poolName", "front");
        p.setProperty("healthCheckInterval", "250");
        p.setProperty("endpointTimeout", "500");
        return p;
    }

    @Test
    void readsReachTheReplicaAndWritesFollowAPromotion() throws Exception {
        try (ReplicatedPostgres pg = ReplicatedPostgres.create("frontdoor")) {
            ReplicatedPostgres.sql(pg.primary, "create table front_log(id bigserial primary key)");
            pg.awaitReplicaCaughtUp(Duration.ofSeconds(10));
            try (CisternDataSource ds = new CisternDataSource(hikariProperties(pg))) {
                assertThat(ds.discipline()).isEqualTo("cluster");
                ClusterDataSource cluster = ds.unwrap(ClusterDataSource.class);
                assertThat(cluster.config().endpointNames())
                        .containsExactly("127.0.0.1:" + pg.primary.port, "127.0.0.1:" + pg.replica.port);
                assertThat(cluster.config().healthCheckInterval()).isEqualTo(Duration.ofMillis(250));

                int onReplica = 0;
                for (int i = 0; i < 200; i++) {
                    try (Connection c = ds.getConnection()) {
                        c.setReadOnly(true);
                        onReplica += port(c) == pg.replica.port ? 1 : 0;
                    }
                }
                assertThat(onReplica).as("reads with setReadOnly(true), of 200, served by the replica").isEqualTo(200);
                assertThat(write(ds)).as("a write goes to the primary").isEqualTo(pg.primary.port);

                long stoppedAt = System.nanoTime();
                pg.primary.stop();
                pg.replica.promote();
                long recoveredMillis = -1;
                int failedWrites = 0;
                while (System.nanoTime() - stoppedAt < Duration.ofSeconds(20).toNanos()) {
                    try {
                        if (write(ds) == pg.replica.port) {
                            recoveredMillis = Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis();
                            break;
                        }
                    } catch (SQLException expectedDuringFailover) {
                        failedWrites++;
                        Thread.sleep(50);
                    }
                }
                System.out.printf("FRONT DOOR failover: writes on the promoted replica %d ms after the primary stopped "
                        + "(%d writes failed meanwhile)%n", recoveredMillis, failedWrites);
                assertThat(recoveredMillis).as("ms until a write reached the promoted replica").isBetween(0L, 15_000L);
                for (int i = 0; i < 20; i++) {
                    assertThat(write(ds)).as("every write after the failover").isEqualTo(pg.replica.port);
                }
            }
        }
    }

    @Test
    void clusterSettingsShareTheNamespaceAndItsChecks() {
        Properties p = new Properties();
        p.setProperty("jdbcUrl", "jdbc:postgresql://127.0.0.1:1,127.0.0.1:2/postgres");
        p.setProperty("loadBalance", "RANDOM");
        assertThatThrownBy(() -> new CisternDataSource(p))
                .hasMessageStartingWith("Unknown property 'loadBalance'; did you mean 'loadBalancing'?");
        p.remove("loadBalance");
        p.setProperty("loadBalancing", "FASTEST");
        assertThatThrownBy(() -> new CisternDataSource(p)).hasMessage(
                "loadBalancing = 'FASTEST' is not allowed; allowed: one of ROUND_ROBIN, LEAST_CONNECTIONS, RANDOM, HEALTH_BASED");
        p.setProperty("loadBalancing", "least_connections");
        p.setProperty("endpointTimeout", "100");
        assertThatThrownBy(() -> new CisternDataSource(p)).hasMessageStartingWith("endpointTimeout = 100 ms is not allowed");
        p.setProperty("endpointTimeout", "300");
        p.setProperty("maximumPoolSize", "3");
        p.setProperty("poolName", "two");
        ClusterConfig c = ClusterDiscipline.toClusterConfig(io.cistern.jdbc.CisternConfig.fromProperties(p));
        assertThat(c.loadBalancing()).isEqualTo(LoadBalancing.LEAST_CONNECTIONS);
        assertThat(c.endpointTimeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(c.name()).isEqualTo("two");
        assertThat(c.mode()).isEqualTo(Mode.REMOTE);
        p.setProperty("jdbcUrl", "jdbc:postgresql://127.0.0.1:1/postgres");
        assertThat(new ClusterDiscipline().claims(io.cistern.jdbc.CisternConfig.fromProperties(p)))
                .as("a one-host URL stays the plain pool").isFalse();
    }

    @Test
    void anExplicitEndpointListInsteadOfAMultiHostUrl() {
        Properties p = new Properties();
        p.setProperty("endpoints.b", "jdbc:postgresql://127.0.0.1:2/postgres");
        p.setProperty("endpoints.a", "jdbc:postgresql://127.0.0.1:1/postgres");
        p.setProperty("endpointTimeout", "300");
        io.cistern.jdbc.CisternConfig config = io.cistern.jdbc.CisternConfig.fromProperties(p);
        assertThat(new ClusterDiscipline().claims(config)).isTrue();
        ClusterConfig c = ClusterDiscipline.toClusterConfig(config);
        assertThat(c.endpointNames()).as("in name order: properties have none").containsExactly("a", "b");
        p.setProperty("jdbcUrl", "jdbc:postgresql://127.0.0.1:3/postgres");
        assertThatThrownBy(() -> io.cistern.jdbc.CisternConfig.fromProperties(p))
                .hasMessageStartingWith("Both endpoints.* and jdbcUrl are set");
    }

    private static int port(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select inet_server_port()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int write(CisternDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into front_log default values returning inet_server_port()");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
