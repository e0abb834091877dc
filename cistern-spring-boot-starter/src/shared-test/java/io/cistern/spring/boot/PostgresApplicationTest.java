package io.cistern.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.jdbc.CisternDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Boot applications on a real PostgreSQL (started here, on loopback). */
class PostgresApplicationTest {
    static final EmbeddedPostgres SERVER = start();

    private static EmbeddedPostgres start() {
        try {
            return EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
        } catch (IOException e) {
            throw new UncheckedIOException("starting the test PostgreSQL server failed", e);
        }
    }

    @AfterAll
    static void stop() throws IOException {
        SERVER.close();
    }

    static void postgres(DynamicPropertyRegistry r, String database) {
        r.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + SERVER.getPort() + "/" + database);
        r.add("spring.datasource.username", () -> "postgres");
        r.add("spring.datasource.password", () -> "");
    }

    /** Without the starter's auto-configuration: Boot itself makes the data source from spring.datasource.type. */
    @Nested
    @SpringBootTest(classes = TestApplication.class, properties = {
            "spring.datasource.type=io.cistern.jdbc.CisternDataSource",
            "spring.autoconfigure.exclude=io.cistern.spring.boot.CisternDataSourceAutoConfiguration,"
                    + "io.cistern.spring.boot.CisternHealthAutoConfiguration"})
    class ByTypeAlone {
        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry r) {
            postgres(r, "postgres");
        }

        @Autowired DataSource dataSource;
        @Autowired TestApplication.Notes notes;
        @Autowired Flyway flyway;

        @Test
        void bootBuildsACisternDataSourceFromSpringDatasourceProperties() {
            assertThat(dataSource).isInstanceOf(CisternDataSource.class);
            CisternDataSource ds = (CisternDataSource) dataSource;
            assertThat(ds.getJdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + SERVER.getPort() + "/postgres");
            assertThat(ds.discipline()).isEqualTo("plain");
            notes.add(10, "by type");
            assertThat(notes.count()).isEqualTo(1);
            assertThat(flyway.info().applied()).hasSize(1);
        }
    }

    /** With the starter: Cistern is the default; spring.datasource.cistern.* binds; metrics on both sides. */
    @Nested
    @SpringBootTest(classes = TestApplication.class, properties = {
            "spring.datasource.cistern.maximum-pool-size=4",
            "spring.datasource.cistern.minimum-idle=1",
            "spring.datasource.cistern.connection-init-sql=SET application_name = 'boot-starter'",
            "spring.datasource.cistern.schema=starter",
            "spring.flyway.create-schemas=true",
            "spring.flyway.schemas=starter",
            "spring.flyway.default-schema=starter"})
    class WithTheStarter {
        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry r) {
            postgres(r, "postgres");
        }

        @Autowired DataSource dataSource;
        @Autowired JdbcTemplate jdbc;
        @Autowired MeterRegistry meters;
        @Autowired Flyway flyway;

        @Test
        void cisternIsTheDefaultAndItsSettingsBind() {
            assertThat(dataSource).isInstanceOf(CisternDataSource.class);
            CisternDataSource ds = (CisternDataSource) dataSource;
            assertThat(ds.config().maximumPoolSize()).isEqualTo(4);
            assertThat(ds.config().minimumIdle()).isEqualTo(1);
            assertThat(jdbc.queryForObject("select current_setting('application_name')", String.class)).isEqualTo("boot-starter");
            assertThat(flyway.info().current().getVersion().getVersion()).as("V1 applied by Boot's Flyway").isEqualTo("1");
            assertThat(jdbc.queryForObject("select count(*) from note", Integer.class)).as("in schema starter").isZero();
            assertThat(meters.find("cistern.connections.acquire").tag("pool", ds.getPoolName()).timer())
                    .as("Cistern's own meters on Boot's registry").isNotNull();
            assertThat(meters.find("jdbc.connections.max").gauge().value()).isEqualTo(4.0);
        }
    }
}
