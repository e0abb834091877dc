package io.cistern.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.testkit.ClosedJdbc;
import io.cistern.testkit.LoopbackPostgres;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every method of every proxy the pool hands out refuses once the proxy is closed or its
 * connection has gone back to the pool: a stale object must never reach a physical connection
 * that now belongs to someone else (sqlite-jdbc even re-prepares a closed statement and runs it).
 */
class ClosedProxyTest {
    @TempDir
    Path dir;

    @Test
    void onSqliteEveryMethodRefusesAfterItsOwnCloseAndAfterTheConnectionIsReturned() throws Exception {
        try (CisternDataSource ds = new CisternDataSource(CisternConfig.builder()
                .jdbcUrl("jdbc:sqlite:" + dir.resolve("closed.db")).poolName("closed-sqlite").maximumPoolSize(1).build())) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("create table t(id integer primary key, v text)");
                s.execute("insert into t(v) values ('a')");
            }
            assertThat(failures(ds, false)).isEmpty();
            try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select count(*) from t")) {
                rs.next();
                assertThat(rs.getInt(1)).as("no stale call wrote a row").isEqualTo(1);
            }
        }
    }

    @Test
    void onPostgresEveryMethodRefusesAfterItsOwnCloseAndAfterTheConnectionIsReturned() throws Exception {
        try (CisternDataSource ds = new CisternDataSource(TestDatabases.config(LoopbackPostgres.server(), "closed-pg")
                .maximumPoolSize(1).build())) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("create table if not exists closed_t(id serial primary key, v text)");
                s.execute("truncate closed_t");
                s.execute("insert into closed_t(v) values ('a')");
            }
            assertThat(failures(ds, true)).isEmpty();
            assertThat(ds.poolStats().destroyed()).as("no stale call marked the next holder's connection broken").isZero();
        }
    }

    @Test
    void aStaleStatementCannotJoinTheNextHoldersTransaction() throws Exception {
        try (CisternDataSource ds = new CisternDataSource(CisternConfig.builder()
                .jdbcUrl("jdbc:sqlite:" + dir.resolve("stale.db")).poolName("stale").maximumPoolSize(1).build())) {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("create table t(v text)");
            }
            Connection a = ds.getConnection();
            Statement stale = a.createStatement();
            PreparedStatement stalePrepared = a.prepareStatement("insert into t values ('stale')");
            a.close();
            try (Connection b = ds.getConnection()) {
                b.setAutoCommit(false);
                try (Statement s = b.createStatement()) {
                    s.execute("insert into t values ('b')");
                }
                assertThatThrownBy(() -> stale.execute("insert into t values ('stale')")).isInstanceOf(SQLException.class)
                        .hasMessageContaining("closed");
                assertThatThrownBy(stalePrepared::executeUpdate).isInstanceOf(SQLException.class);
                assertThat(stale.isClosed()).isTrue();
                b.commit();
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select group_concat(v) from t")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("b");
            }
        }
    }

    /** Runs every check twice: closing each object itself, and returning its connection instead. */
    private static List<String> failures(CisternDataSource ds, boolean callable) throws SQLException {
        List<String> failures = new ArrayList<>();
        String query = callable ? "select v from closed_t" : "select v from t";
        for (boolean returnConnection : new boolean[] {false, true}) {
            String how = returnConnection ? " after its connection was returned: " : " after its own close: ";
            Connection c = ds.getConnection();
            Statement s = c.createStatement();
            PreparedStatement ps = c.prepareStatement(query);
            CallableStatement cs = callable ? c.prepareCall(query) : null;
            ResultSet rs = s.executeQuery(query);
            ResultSet prs = ps.executeQuery();
            DatabaseMetaData md = c.getMetaData();
            ResultSet mdrs = md.getTables(null, null, "%", null);
            if (returnConnection) {
                c.close();
            } else {
                for (AutoCloseable o : new AutoCloseable[] {rs, prs, mdrs, s, ps, cs}) {
                    close(o);
                }
            }
            check(failures, "Statement" + how, s, Statement.class);
            check(failures, "PreparedStatement" + how, ps, PreparedStatement.class);
            if (cs != null) {
                check(failures, "CallableStatement" + how, cs, CallableStatement.class);
            }
            check(failures, "ResultSet" + how, rs, ResultSet.class);
            check(failures, "ResultSet of a PreparedStatement" + how, prs, ResultSet.class);
            check(failures, "ResultSet of the metadata" + how, mdrs, ResultSet.class);
            if (returnConnection) {
                check(failures, "DatabaseMetaData" + how, md, DatabaseMetaData.class);
                failures.addAll(prefixed("Connection" + how,
                        ClosedJdbc.notRefused(c, Connection.class, Set.of("isValid", "abort"))));
            } else {
                c.close();
            }
        }
        return failures;
    }

    private static void check(List<String> failures, String what, Object closed, Class<?> iface) throws SQLException {
        // The driver's version numbers cannot throw (no SQLException in their signature) and say nothing about a session.
        Set<String> allowed = iface == DatabaseMetaData.class ? Set.of("getDriverMajorVersion", "getDriverMinorVersion") : Set.of();
        failures.addAll(prefixed(what, ClosedJdbc.notRefused(closed, iface, allowed)));
        if (!(closed instanceof DatabaseMetaData)) {
            boolean isClosed = closed instanceof Statement ? ((Statement) closed).isClosed() : ((ResultSet) closed).isClosed();
            if (!isClosed) {
                failures.add(what + "isClosed() is false");
            }
        }
    }

    private static List<String> prefixed(String prefix, List<String> items) {
        return items.stream().map(i -> prefix + i).toList();
    }

    private static void close(AutoCloseable o) throws SQLException {
        try {
            if (o != null) {
                o.close();
            }
        } catch (SQLException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
