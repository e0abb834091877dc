package io.cistern.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.testkit.LoopbackPostgres;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flyway and JDBI, as users run them, through the data source. */
class RealClientsTest {

    @Test
    void flywayMigratesAndJdbiQueriesOnPostgres() {
        try (CisternDataSource ds = new CisternDataSource(TestDatabases.config(LoopbackPostgres.server(), "clients-pg")
                .maximumPoolSize(3).build())) {
            MigrateResult result = Flyway.configure().dataSource(ds).schemas("clients").createSchemas(true).load().migrate();
            assertThat(result.migrationsExecuted).isEqualTo(2);
            assertThat(result.success).isTrue();
            exerciseWithJdbi(ds, "clients.");
            assertThat(ds.poolStats().active()).as("the clients returned every connection").isZero();
        }
    }

    @Test
    void flywayMigratesAndJdbiQueriesOnSqlite(@TempDir Path dir) {
        try (CisternDataSource ds = new CisternDataSource(CisternConfig.builder()
                .jdbcUrl("jdbc:sqlite:" + dir.resolve("clients.db")).poolName("clients-sqlite").maximumPoolSize(1).build())) {
            MigrateResult result = Flyway.configure().dataSource(ds).load().migrate();
            assertThat(result.migrationsExecuted).isEqualTo(2);
            exerciseWithJdbi(ds, "");
            assertThat(ds.poolStats().active()).isZero();
        }
    }

    private static void exerciseWithJdbi(CisternDataSource ds, String schema) {
        Jdbi jdbi = Jdbi.create(ds);
        jdbi.useTransaction(h -> {
            h.execute("insert into " + schema + "session(id) values (?)", "s1");
            for (int seq = 1; seq <= 3; seq++) {
                h.createUpdate("insert into " + schema + "turn(session_id, seq, content, role) values ('s1', :seq, :content, 'agent')")
                        .bind("seq", seq).bind("content", "turn " + seq).execute();
            }
        });
        List<String> turns = jdbi.withHandle(h -> h.createQuery("select content from " + schema + "turn where session_id = 's1' order by seq")
                .mapTo(String.class).list());
        assertThat(turns).containsExactly("turn 1", "turn 2", "turn 3");
    }
}
