package io.cistern.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.routing.health.ClusterHealth;
import io.cistern.routing.health.HealthStatus;
import io.cistern.routing.health.Role;
import io.cistern.testkit.Await;
import io.cistern.testkit.ReplicatedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Writes reach the primary, reads the replica, on a real primary and streaming replica. */
class ReadWriteRoutingTest {
    private static ReplicatedPostgres pg;
    private static ClusterDataSource db;

    @BeforeAll
    static void start() {
        pg = ReplicatedPostgres.shared();
        db = new ClusterDataSource(ClusterConfig.builder()
                .name("rw")
                .jdbcUrl("jdbc:postgresql://127.0.0.1:" + pg.primary.port + ",127.0.0.1:" + pg.replica.port
                        + "/postgres?targetServerType=primary&ApplicationName=rw")
                .username("postgres")
                .healthCheckInterval(Duration.ofMillis(200))
                .pool(p -> p.maximumPoolSize(4).minimumIdle(1))
                .build());
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    /** @return the port of the server that ran the query, and whether it is a replica */
    private static String server(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select inet_server_port(), pg_is_in_recovery()")) {
            rs.next();
            return rs.getInt(1) + (rs.getBoolean(2) ? " replica" : " primary");
        }
    }

    @Test
    void rolesAreDiscoveredAndHealthIsReported() throws InterruptedException {
        // The first answer of each endpoint is not a latency sample (warm-up); the second is.
        Await.until("latency measured on every endpoint", Duration.ofSeconds(10),
                () -> db.health().endpoints().stream().noneMatch(e -> e.latency().isZero()));
        ClusterHealth health = db.health();
        assertThat(health.status()).isEqualTo(HealthStatus.HEALTHY);
        assertThat(health.writeEndpoint()).isEqualTo("127.0.0.1:" + pg.primary.port);
        assertThat(health.endpoint("127.0.0.1:" + pg.primary.port).role()).isEqualTo(Role.PRIMARY);
        assertThat(health.endpoint("127.0.0.1:" + pg.replica.port).role()).isEqualTo(Role.REPLICA);
        assertThat(health.endpoints()).allSatisfy(e -> {
            assertThat(e.up()).isTrue();
            assertThat(e.latency()).isPositive();
            assertThat(e.lastCheck()).isNotNull();
        });
    }

    @Test
    void writesGoToThePrimaryAndReadOnlyConnectionsToTheReplica() throws Exception {
        try (Connection c = db.getConnection()) {
            assertThat(server(c)).isEqualTo(pg.primary.port + " primary");
            try (Statement s = c.createStatement()) {
                s.execute("create table if not exists rw_notes(id int primary key, text varchar(100))");
                s.execute("insert into rw_notes values (1, 'remember') on conflict do nothing");
            }
        }
        pg.awaitReplicaCaughtUp(Duration.ofSeconds(10));
        for (int i = 0; i < 20; i++) {
            try (Connection c = db.getConnection()) {
                c.setReadOnly(true); // as Spring's @Transactional(readOnly = true) does, before any statement
                assertThat(server(c)).isEqualTo(pg.replica.port + " replica");
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select text from rw_notes where id = 1")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("remember");
                }
            }
        }
        try (Connection c = db.readOnlyView().getConnection()) {
            assertThat(server(c)).isEqualTo(pg.replica.port + " replica");
            assertThat(c.isReadOnly()).isTrue();
        }
    }

    @Test
    void setReadOnlyAfterTheFirstStatementDoesNotMoveTheConnection() throws Exception {
        try (Connection c = db.getConnection()) {
            assertThat(server(c)).isEqualTo(pg.primary.port + " primary");
            c.setReadOnly(true);
            assertThat(server(c)).isEqualTo(pg.primary.port + " primary");
        }
    }

    @Test
    void executeRunsWritesOnThePrimaryAndExecuteReadOnlyOnTheReplica() throws Exception {
        assertThat(db.execute(ReadWriteRoutingTest::server)).isEqualTo(pg.primary.port + " primary");
        assertThat(db.executeReadOnly(ReadWriteRoutingTest::server)).isEqualTo(pg.replica.port + " replica");
        assertThat(db.retryStats().succeeded()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void readsAndWritesAreCountedPerEndpoint() throws Exception {
        long readsBefore = db.health().endpoint("127.0.0.1:" + pg.replica.port).readsServed();
        long writesBefore = db.health().endpoint("127.0.0.1:" + pg.primary.port).writesServed();
        for (int i = 0; i < 5; i++) {
            db.executeReadOnly(ReadWriteRoutingTest::server);
            db.execute(ReadWriteRoutingTest::server);
        }
        assertThat(db.health().endpoint("127.0.0.1:" + pg.replica.port).readsServed() - readsBefore).isEqualTo(5);
        assertThat(db.health().endpoint("127.0.0.1:" + pg.primary.port).writesServed() - writesBefore).isEqualTo(5);
    }
}
