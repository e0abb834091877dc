package io.cistern.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.testkit.LoopbackPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pool's guarantees, checked from the server's side on a real PostgreSQL. */
class PostgresPoolTest {
    private static final EmbeddedPostgres PG = LoopbackPostgres.server();

    @BeforeAll
    static void schema() throws SQLException {
        try (Connection c = PG.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("create schema if not exists other");
            s.execute("create table if not exists ledger (id serial primary key, note text)");
        }
    }

    private static String scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void serverNeverSeesMoreSessionsThanMaximumPoolSize() throws Exception {
        try (CisternDataSource ds = new CisternDataSource(TestDatabases.config(PG, "bound")
                .maximumPoolSize(5).minimumIdle(0).build())) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger maxSeen = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread monitor = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        maxSeen.accumulateAndGet(LoopbackPostgres.sessions("bound"), Math::max);
                        Thread.sleep(5);
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            });
            monitor.start();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < 20; t++) {
                Thread w = new Thread(() -> {
                    try {
                        for (int i = 0; i < 15; i++) {
                            try (Connection c = ds.getConnection();
                                 Statement s = c.createStatement()) {
                                s.execute("select pg_sleep(0.01)");
                            }
                        }
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                });
                w.start();
                workers.add(w);
            }
            for (Thread w : workers) {
                w.join();
            }
            stop.set(true);
            monitor.join();
            assertThat(failure.get()).isNull();
            assertThat(maxSeen.get()).as("most sessions the server saw at once").isEqualTo(5);
            assertThat(ds.poolStats().acquisitions()).isEqualTo(300);
        }
    }

    @Test
    void getConnectionTimesOutWithTheStateOfThePool() throws Exception {
        try (CisternDataSource ds = new CisternDataSource(TestDatabases.config(PG, "timeout")
                .maximumPoolSize(2).connectionTimeout(300).build());
             Connection a = ds.getConnection();
             Connection b = ds.getConnection()) {
            long start = System.nanoTime();
            assertThatThrownBy(ds::getConnection)
                    .isInstanceOf(SQLTransientConnectionException.class)
                    .hasMessageContaining("Pool 'timeout'")
                    .hasMessageContaining("within 300 ms")
                    .hasMessageContaining("active=2")
                    .hasMessageContaining("max=2");
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(waitedMs).isBetween(290L, 3_000L);
            assertThat(ds.poolStats().timeouts()).isEqualTo(1);
        }
    }

    @Test
    void changedSettingsAreResetOnReturn() throws Exception {
        try (CisternDataSource ds = new CisternDataSource(TestDatabases.config(PG, "reset").maximumPoolSize(1).build())) {
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                c.setReadOnly(true);
                c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
                c.setSchema("other");
                c.setNetworkTimeout(Runnable::run, 12_345);
                assertThat(scalar(c, "show transaction_isolation")).isEqualTo("serializable");
                assertThat(scalar(c, "select current_schema()")).isEqualTo("other");
            }
            try (Connection c = ds.getConnection()) {
                assertThat(c.getAutoCommit()).isTrue();
                assertThat(c.isReadOnly()).isFalse();
                assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
                assertThat(c.getNetworkTimeout()).isZero();
                assertThat(scalar(c, "show transaction_isolation")).isEqualTo("read committed");
                assertThat(scalar(c, "show transaction_read_only")).isEqualTo("off");
                assertThat(scalar(c, "select current_schema()")).isEqualTo("public");
            }
            assertThat(ds.poolStats().created()).as("the same physical connection, reset, not replaced").isEqualTo(1);
        }
    }

    @Test
    void uncommittedWorkIsRolledBackOnReturn() throws Exception {
        try (CisternDataSource ds = new CisternDataSource(TestDatabases.config(PG, "rollback").maximumPoolSize(1).build())) {
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("insert into ledger(note) values (?)")) {
                    ps.setString(1, "never committed");
                    ps.executeUpdate();
                }
            }
            try (Connection c = ds.getConnection()) {
                assertThat(scalar(c, "select count(*) from ledger where note = 'never committed'")).isEqualTo("0");
            }
            assertThat(LoopbackPostgres.sessions("rollback")).isEqualTo(1);
            try (Connection admin = PG.getPostgresDatabase().getConnection()) {
                assertThat(scalar(admin, "select count(*) from pg_stat_activity where application_name = 'rollback' "
                        + "and state like 'idle in transaction%'")).as("no session left inside a transaction").isEqualTo("0");
            }
        }
    }

    @Test
    void committedWorkStays() throws Exception {
        try (CisternDataSource ds = new CisternDataSource(TestDatabases.config(PG, "commit").maximumPoolSize(1).build())) {
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement("insert into ledger(note) values (?)")) {
                    ps.setString(1, "committed");
                    ps.executeUpdate();
                }
                c.commit();
            }
            try (Connection c = ds.getConnection()) {
                assertThat(Integer.parseInt(scalar(c, "select count(*) from ledger where note = 'committed'"))).isPositive();
            }
        }
    }

    @Test
    void statementsAndResultSetsLeftOpenAreClosedOnReturn() throws Exception {
        try (CisternDataSource ds = new CisternDataSource(TestDatabases.config(PG, "abandoned").maximumPoolSize(1).build())) {
            Statement plain;
            PreparedStatement prepared;
            ResultSet cursor;
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                plain = c.createStatement();
                prepared = c.prepareStatement("select generate_series(1, 1000)");
                prepared.setFetchSize(10); // a server-side portal, open until closed
                cursor = prepared.executeQuery();
                cursor.next();
            }
            assertThat(plain.isClosed()).isTrue();
            assertThat(prepared.isClosed()).isTrue();
            assertThat(cursor.isClosed()).isTrue();
            try (Connection c = ds.getConnection()) {
                assertThat(c.unwrap(org.postgresql.PGConnection.class)).isNotNull();
                // The query's own unnamed portal is listed too; a named one would be the cursor left open.
                assertThat(scalar(c, "select string_agg(name, ',') from pg_cursors where name <> ''")).isNull();
            }
        }
    }

    @Test
    void closeLeavesNoServerSession() throws Exception {
        CisternDataSource ds = new CisternDataSource(TestDatabases.config(PG, "closing").maximumPoolSize(4).minimumIdle(4).build());
        Connection held = ds.getConnection();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (LoopbackPostgres.sessions("closing") < 4 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(LoopbackPostgres.sessions("closing")).isEqualTo(4);
        Thread closer = new Thread(ds::close);
        closer.start();
        Thread.sleep(100);
        held.close();
        closer.join(10_000);
        assertThat(ds.isClosed()).isTrue();
        // Backends exit asynchronously after the client's Terminate message; give them a moment.
        deadline = System.nanoTime() + 5_000_000_000L;
        while (LoopbackPostgres.sessions("closing") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(LoopbackPostgres.sessions("closing")).isZero();
        assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class).hasMessageContaining("has been closed");
    }
}
