package io.cistern.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.testkit.LoopbackPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Session state set through SQL reaches the next borrower by default (as in HikariCP), and not
 * with {@code sessionResetSql}: then a connection that ran such a statement is reset on return,
 * the pool's connectionInitSql runs again, and a connection that ran none costs no reset.
 */
class SessionResetTest {

    @Test
    void withoutTheResetSessionStateLeaksToTheNextBorrower() throws Exception {
        try (CisternDataSource ds = new CisternDataSource(TestDatabases.config(LoopbackPostgres.server(), "no-reset")
                .maximumPoolSize(1).build())) {
            dirty(ds);
            try (Connection c = ds.getConnection()) {
                assertThat(setting(c, "statement_timeout")).isEqualTo("1234ms");
                assertThat(tempTableExists(c)).isTrue();
            }
        }
    }

    @Test
    void withTheResetTheNextBorrowerStartsClean() throws Exception {
        try (CisternDataSource ds = new CisternDataSource(TestDatabases.config(LoopbackPostgres.server(), "reset")
                .maximumPoolSize(1).sessionResetSql("DISCARD ALL")
                .connectionInitSql("SET application_name = 'reset-init'").build())) {
            dirty(ds);
            try (Connection c = ds.getConnection()) {
                assertThat(setting(c, "statement_timeout")).isEqualTo("0");
                assertThat(setting(c, "my.flag")).isNull();
                assertThat(tempTableExists(c)).isFalse();
                assertThat(setting(c, "application_name")).as("connectionInitSql ran again").isEqualTo("reset-init");
            }
            // A transaction-scoped change and plain DML do not mark the session: no reset runs.
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                s.execute("SET LOCAL statement_timeout = 999");
                s.execute("CREATE TABLE IF NOT EXISTS reset_t(v int)");
                s.executeUpdate("UPDATE reset_t SET v = 1");
                c.commit();
                s.execute("SET application_name = 'kept'"); // ...but this does
            }
            try (Connection c = ds.getConnection()) {
                assertThat(setting(c, "application_name")).isEqualTo("reset-init");
            }
        }
        assertThat(SessionReset.leavesState("UPDATE t SET v = 1")).isFalse();
        assertThat(SessionReset.leavesState("SET LOCAL x = 1")).isFalse();
        assertThat(SessionReset.leavesState("select 1; set search_path = x")).isTrue();
        assertThat(SessionReset.leavesState("SELECT set_config('a.b', '1', false)")).isTrue();
        assertThat(SessionReset.leavesState("DECLARE c CURSOR WITH HOLD FOR SELECT 1")).isTrue();
        assertThat(SessionReset.leavesState("create temporary table x(a int)")).isTrue();
        assertThat(SessionReset.leavesState("SELECT pg_advisory_lock(1)")).isTrue();
        assertThat(SessionReset.leavesState("SELECT pg_advisory_xact_lock(1)")).isFalse();
    }

    private static void dirty(CisternDataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET statement_timeout = 1234");
            s.execute("SELECT set_config('my.flag', 'on', false)");
            s.execute("CREATE TEMP TABLE leftover(v int)");
        }
    }

    private static String setting(Connection c, String name) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_setting('" + name + "', true)")) {
            rs.next();
            String v = rs.getString(1);
            return v == null || v.isEmpty() ? null : v;
        }
    }

    private static boolean tempTableExists(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT to_regclass('pg_temp.leftover') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
