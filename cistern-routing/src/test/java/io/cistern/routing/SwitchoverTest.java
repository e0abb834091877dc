package io.cistern.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.routing.health.ClusterHealth;
import io.cistern.routing.health.Role;
import io.cistern.testkit.Await;
import io.cistern.testkit.PostgresServer;
import io.cistern.testkit.ReplicatedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A switchover: the primary becomes a replica and another endpoint the primary, both still up.
 * Real PostgreSQL needs a restart to demote a primary, so the roles here come from a role query
 * that reads them from a table on one real server, which two endpoints (told apart by their
 * application names) reach: the cluster sees exactly what it would see from two servers
 * trading roles. The demoted endpoint's connections are evicted and writes move.
 */
class SwitchoverTest {
    private static final String ROLE_QUERY =
            "select replica from switchover_roles where app = current_setting('application_name')";

    @Test
    void aDemotedPrimaryLosesTheWritesAndItsConnections() throws Exception {
        PostgresServer server = ReplicatedPostgres.shared().primary;
        ReplicatedPostgres.sql(server, "drop table if exists switchover_roles");
        ReplicatedPostgres.sql(server, "create table switchover_roles(app text primary key, replica boolean)");
        ReplicatedPostgres.sql(server, "insert into switchover_roles values ('x', false), ('y', true)");
        try (ClusterDataSource db = new ClusterDataSource(ClusterConfig.builder()
                .name("switchover")
                .endpoint("x", server.url() + "?ApplicationName=x")
                .endpoint("y", server.url() + "?ApplicationName=y")
                .username("postgres")
                .roleQuery(ROLE_QUERY)
                .healthCheckInterval(Duration.ofMillis(200))
                .pool(p -> p.maximumPoolSize(4).minimumIdle(2))
                .build())) {
            assertThat(db.health().writeEndpoint()).isEqualTo("x");
            assertThat(db.execute(HybridModeTest::endpointOf)).isEqualTo("x");
            assertThat(db.executeReadOnly(HybridModeTest::endpointOf)).isEqualTo("y");
            Set<Integer> sessionsOfX = sessions(server, "x");
            assertThat(sessionsOfX).isNotEmpty();

            ReplicatedPostgres.sql(server, "update switchover_roles set replica = not replica");
            long millis = Await.until("writes moved to y", Duration.ofSeconds(10),
                    () -> "y".equals(db.health().writeEndpoint()) && db.health().endpoint("x").role() == Role.REPLICA);
            assertThat(db.execute(HybridModeTest::endpointOf)).isEqualTo("y");
            assertThat(db.executeReadOnly(HybridModeTest::endpointOf)).isEqualTo("x");

            ClusterHealth health = db.health();
            assertThat(health.writeTargetChanges()).isEqualTo(1);
            assertThat(health.demotionsEvicted()).isPositive();
            // Every session x had as the primary was closed; what x has now was opened after.
            Await.until("x's sessions from before the switchover closed", Duration.ofSeconds(5),
                    () -> disjoint(sessionsOfX, sessions(server, "x")));
            System.out.printf("RECOVERY switchover: writes on the new primary %d ms after the roles changed; "
                    + "the demoted endpoint's %d sessions evicted%n", millis, sessionsOfX.size());

            // And back: the endpoint demoted first was seen as a replica, so it may take the writes again.
            ReplicatedPostgres.sql(server, "update switchover_roles set replica = not replica");
            Await.until("writes back on x", Duration.ofSeconds(10), () -> "x".equals(db.health().writeEndpoint()));
            assertThat(db.execute(HybridModeTest::endpointOf)).isEqualTo("x");
            assertThat(db.health().writeTargetChanges()).isEqualTo(2);
        }
    }

    private static boolean disjoint(Set<Integer> before, Set<Integer> now) {
        Set<Integer> both = new HashSet<>(before);
        both.retainAll(now);
        return both.isEmpty();
    }

    private static Set<Integer> sessions(PostgresServer server, String app) {
        try (Connection c = DriverManager.getConnection(server.url(), "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select pid from pg_stat_activity where application_name = '" + app + "'")) {
            Set<Integer> pids = new HashSet<>();
            while (rs.next()) {
                pids.add(rs.getInt(1));
            }
            return pids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
