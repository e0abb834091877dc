package io.cistern.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.jdbc.CisternDataSource;
import io.cistern.memory.store.MemoryStore;
import io.cistern.sqlite.SqliteDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A Boot application on a real SQLite file with the starter: the SQLite discipline, Flyway by Boot, metrics, health. */
@SpringBootTest(classes = TestApplication.class, properties = {
        "spring.datasource.cistern.maximum-pool-size=3",
        "spring.datasource.cistern.sqlite.busy-timeout=2000",
        "spring.datasource.cistern.pool-name=boot-sqlite",
        "management.endpoint.health.show-details=always",
        "management.metrics.enable.all=true"})
class SqliteApplicationTest {
    private static final Path DIR = temporaryDirectory();

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("cistern-boot-sqlite");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", () -> "jdbc:sqlite:" + DIR.resolve("app.db"));
        r.add("cistern.memory.data-directory", () -> DIR.resolve("memory").toString());
    }

    @Autowired DataSource dataSource;
    @Autowired JdbcTemplate jdbc;
    @Autowired TestApplication.Notes notes;
    @Autowired Flyway flyway;
    @Autowired ApplicationContext context;
    @Autowired MeterRegistry meters;
    @Autowired MemoryStore memory;

    @Test
    void theStarterMakesCisternTheDataSourceWithTheSqliteDiscipline() throws Exception {
        assertThat(dataSource).isInstanceOf(CisternDataSource.class);
        CisternDataSource ds = (CisternDataSource) dataSource;
        assertThat(ds.discipline()).as("started by Flyway, which Boot ran").isEqualTo("sqlite");
        assertThat(ds.getPoolName()).isEqualTo("boot-sqlite");
        SqliteDataSource sqlite = ds.unwrap(SqliteDataSource.class);
        assertThat(sqlite.config().readers()).as("spring.datasource.cistern.maximum-pool-size").isEqualTo(3);
        assertThat(sqlite.config().busyTimeout().toMillis()).as("spring.datasource.cistern.sqlite.busy-timeout").isEqualTo(2000);
        assertThat(flyway.info().applied()).hasSize(1);

        long readsBefore = sqlite.readerStats().acquisitions();
        notes.add(1, "first");
        notes.add(2, "second");
        assertThat(notes.count()).isEqualTo(2);
        assertThat(notes.readOnlyConnection()).isTrue();
        assertThat(sqlite.readerStats().acquisitions()).as("@Transactional(readOnly = true) reached a reader")
                .isGreaterThan(readsBefore);
        assertThat(jdbc.queryForObject("select body from note where id = 2", String.class)).isEqualTo("second");
    }

    @Test
    void healthMetricsAndTheMemoryStore() {
        notes.count();
        ComponentHealth cistern = ComponentHealth.of(context, "cistern");
        assertThat(cistern.status()).isEqualTo("UP");
        assertThat(cistern.details()).containsEntry("discipline", "sqlite").containsEntry("breaker", "CLOSED").containsKeys("writer", "readers");

        assertThat(meters.find("jdbc.connections.max").gauge()).as("Boot's metrics through the pool metadata").isNotNull();
        assertThat(meters.find("jdbc.connections.max").gauge().value()).isEqualTo(4.0); // 1 writer + 3 readers
        assertThat(meters.find("jdbc.connections.active").gauge()).isNotNull();
        assertThat(meters.find("cistern.connections.acquire").timers()).as("Cistern's meters of the writer and the readers")
                .extracting(t -> t.getId().getTag("pool")).anyMatch(p -> p.endsWith("-writer")).anyMatch(p -> p.endsWith("-reader"));

        assertThat(memory.statistics()).isNotNull();
        assertThat(Files.exists(DIR.resolve("memory").resolve("cistern-memory.db"))).isTrue();
    }
}
