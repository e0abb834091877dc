package io.cistern.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.testkit.LoopbackPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken connections never reach another user: killed backends and a restarted server. */
class PostgresRecoveryTest {

    private static int pid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aBackendKilledWhileIdleIsReplacedBeforeAnyoneSeesIt() throws Exception {
        EmbeddedPostgres pg = LoopbackPostgres.server();
        try (CisternDataSource ds = new CisternDataSource(TestDatabases.config(pg, "killed-idle").maximumPoolSize(1).build())) {
            int first;
            try (Connection c = ds.getConnection()) {
                first = pid(c);
            }
            LoopbackPostgres.terminate(first);
            Thread.sleep(600); // past the 500 ms validation bypass: the next acquire validates
            try (Connection c = ds.getConnection()) {
                assertThat(pid(c)).isNotEqualTo(first);
            }
            assertThat(ds.poolStats().validationsFailed()).isEqualTo(1);
        }
    }

    @Test
    void aBackendKilledWhileInUseIsEvictedAfterItsError() throws Exception {
        EmbeddedPostgres pg = LoopbackPostgres.server();
        try (CisternDataSource ds = new CisternDataSource(TestDatabases.config(pg, "killed-busy").maximumPoolSize(1).build())) {
            int first;
            try (Connection c = ds.getConnection()) {
                first = pid(c);
                LoopbackPostgres.terminate(first);
                assertThatThrownBy(() -> pid(c)).isInstanceOf(SQLException.class)
                        .satisfies(e -> assertThat(FatalErrorDetector.isFatalByDefault((SQLException) e)
                                || FatalErrorDetector.isFatalByDefault(((SQLException) e).getNextException() == null
                                ? (SQLException) e : ((SQLException) e).getNextException())).isTrue());
            }
            // Straight away, inside the bypass window: the broken connection must not come back.
            try (Connection c = ds.getConnection()) {
                assertThat(pid(c)).isNotEqualTo(first);
            }
            assertThat(ds.poolStats().destroyed()).isEqualTo(1);
        }
    }

    @Test
    void aServerRestartIsSurvivedWithoutUserAction(@TempDir Path data) throws Exception {
        int port = freePort();
        EmbeddedPostgres pg = LoopbackPostgres.dedicated(data, port);
        try (CisternDataSource ds = new CisternDataSource(TestDatabases.config(pg, "restart")
                .maximumPoolSize(3).minimumIdle(3).connectionTimeout(10_000).build())) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("create table survived (v int)");
                s.execute("insert into survived values (42)");
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (ds.poolStats().idle() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(ds.poolStats().idle()).as("the pool is full before the restart").isEqualTo(3);
            pg.close();
            pg = LoopbackPostgres.dedicated(data, port);
            Thread.sleep(600); // all three pooled connections point at the old server process
            long start = System.nanoTime();
            // Hold all three at once: none of them may be a stale one.
            try (Connection a = ds.getConnection(); Connection b = ds.getConnection(); Connection c = ds.getConnection()) {
                for (Connection each : new Connection[] {a, b, c}) {
                    try (Statement s = each.createStatement(); ResultSet rs = s.executeQuery("select v from survived")) {
                        rs.next();
                        assertThat(rs.getInt(1)).isEqualTo(42);
                    }
                }
            }
            assertThat((System.nanoTime() - start) / 1_000_000).as("ms to serve after the restart").isLessThan(10_000);
            assertThat(ds.poolStats().validationsFailed()).as("stale connections caught by validation").isPositive();
        } finally {
            pg.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
