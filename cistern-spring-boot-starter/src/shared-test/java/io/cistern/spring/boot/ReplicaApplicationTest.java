package io.cistern.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.jdbc.CisternDataSource;
import io.cistern.testkit.ReplicatedPostgres;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Boot application on a PostgreSQL primary and its streaming replica (the test kit's
 * fixture, Debian's PostgreSQL 15): the multi-host URL in spring.datasource.url, Flyway run by
 * Boot on the primary, {@code @Transactional(readOnly = true)} on the replica.
 */
@SpringBootTest(classes = TestApplication.class, properties = {
        "spring.datasource.cistern.maximum-pool-size=3",
        "spring.datasource.cistern.health-check-interval=250",
        "spring.datasource.cistern.pool-name=boot-cluster",
        "spring.datasource.cistern.schema=boot_replica",
        "spring.flyway.create-schemas=true",
        "spring.flyway.schemas=boot_replica",
        "spring.flyway.default-schema=boot_replica",
        "management.endpoint.health.show-details=always"})
class ReplicaApplicationTest {
    static final ReplicatedPostgres PAIR = ReplicatedPostgres.shared();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + PAIR.primary.port + ",127.0.0.1:"
                + PAIR.replica.port + "/postgres");
        r.add("spring.datasource.username", () -> "postgres");
        r.add("spring.datasource.password", () -> "");
    }

    @Autowired DataSource dataSource;
    @Autowired TestApplication.Notes notes;
    @Autowired ApplicationContext context;

    @Test
    void readOnlyTransactionsReachTheReplica() throws Exception {
        CisternDataSource ds = (CisternDataSource) dataSource;
        assertThat(ds.discipline()).isEqualTo("cluster");
        notes.add(1, "on the primary");
        PAIR.awaitReplicaCaughtUp(Duration.ofSeconds(10));
        assertThat(notes.writeServerPort()).isEqualTo(PAIR.primary.port);
        for (int i = 0; i < 20; i++) {
            assertThat(notes.readServerPort()).as("@Transactional(readOnly = true)").isEqualTo(PAIR.replica.port);
        }
        assertThat(notes.count()).as("the replica has the note Flyway's table and the write put there").isEqualTo(1);

        ComponentHealth cistern = ComponentHealth.of(context, "cistern");
        assertThat(cistern.status()).isEqualTo("UP");
        assertThat(cistern.details()).containsEntry("discipline", "cluster").containsKey("endpoints");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> endpoints = (Map<String, Map<String, Object>>) cistern.details().get("endpoints");
        assertThat(endpoints.get("127.0.0.1:" + PAIR.replica.port)).containsEntry("role", "REPLICA").containsEntry("breaker", "CLOSED");
    }
}
