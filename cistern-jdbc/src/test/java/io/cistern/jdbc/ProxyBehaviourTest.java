package io.cistern.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.testkit.LoopbackPostgres;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;

class ProxyBehaviourTest {
    private static CisternDataSource ds;

    @BeforeAll
    static void start() {
        ds = new CisternDataSource(TestDatabases.config(LoopbackPostgres.server(), "proxies").maximumPoolSize(2).build());
    }

    @AfterAll
    static void stop() {
        ds.close();
    }

    @Test
    void useAfterCloseThrowsAndASecondCloseIsANoOp() throws Exception {
        Connection c = ds.getConnection();
        c.close();
        c.close();
        assertThat(c.isClosed()).isTrue();
        assertThat(c.isValid(1)).isFalse();
        assertThatThrownBy(c::createStatement).isInstanceOf(SQLException.class)
                .hasMessageContaining("Connection from pool 'proxies' is closed")
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("08003"));
        assertThatThrownBy(() -> c.prepareStatement("select 1")).isInstanceOf(SQLException.class);
        assertThatThrownBy(c::getAutoCommit).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> c.setClientInfo("ApplicationName", "x")).isInstanceOf(SQLException.class);
        assertThat(ds.poolStats().active()).isZero();
    }

    @Test
    void everyObjectLeadsBackToTheProxyNotTheDriver() throws Exception {
        try (Connection c = ds.getConnection()) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select 1")) {
                assertThat(s.getConnection()).isSameAs(c);
                assertThat(rs.getStatement()).isSameAs(s);
            }
            try (PreparedStatement ps = c.prepareStatement("select ?")) {
                ps.setInt(1, 7);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(7);
                    assertThat(rs.getStatement()).isSameAs(ps);
                }
                assertThat(ps.getConnection()).isSameAs(c);
            }
            try (CallableStatement cs = c.prepareCall("{ ? = call upper(?) }")) {
                cs.registerOutParameter(1, java.sql.Types.VARCHAR);
                cs.setString(2, "cistern");
                cs.execute();
                assertThat(cs.getString(1)).isEqualTo("CISTERN");
                assertThat(cs.getConnection()).isSameAs(c);
            }
            DatabaseMetaData meta = c.getMetaData();
            assertThat(meta.getConnection()).isSameAs(c);
            assertThat(meta.getDatabaseProductName()).isEqualTo("PostgreSQL");
        }
    }

    @Test
    void unwrapReachesTheDriversObjects() throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            assertThat(c.isWrapperFor(PGConnection.class)).isTrue();
            assertThat(c.unwrap(PGConnection.class).getBackendPID()).isPositive();
            assertThat(c.unwrap(Connection.class)).isSameAs(c);
            assertThat(s.unwrap(PGStatement.class)).isNotNull();
            assertThat(s.isWrapperFor(PGStatement.class)).isTrue();
            assertThatThrownBy(() -> c.unwrap(String.class)).isInstanceOf(SQLException.class);
        }
    }

    @Test
    void closingAStatementTwiceIsHarmlessAndItIsUntracked() throws Exception {
        try (Connection c = ds.getConnection()) {
            Statement s = c.createStatement();
            s.close();
            s.close();
            assertThat(s.isClosed()).isTrue();
            assertThatThrownBy(s::getConnection).isInstanceOf(SQLException.class);
            assertThat(((ConnectionSupport) c).pooled.openStatementCount()).isZero();
        }
    }

    @Test
    void getConnectionWithCredentialsIsRefusedClearly() {
        assertThatThrownBy(() -> ds.getConnection("someone", "else"))
                .isInstanceOf(SQLFeatureNotSupportedException.class)
                .hasMessageContaining("configured credentials");
    }

    @Test
    void aNonFatalErrorKeepsTheConnection() throws Exception {
        long destroyedBefore = ds.poolStats().destroyed();
        int pid;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            pid = c.unwrap(PGConnection.class).getBackendPID();
            assertThatThrownBy(() -> s.execute("select * from no_such_table")).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42P01"));
        }
        // The pool holds two connections; taking both shows the one that saw the error is still there.
        try (Connection a = ds.getConnection(); Connection b = ds.getConnection()) {
            assertThat(java.util.List.of(a.unwrap(PGConnection.class).getBackendPID(), b.unwrap(PGConnection.class).getBackendPID()))
                    .contains(pid);
        }
        assertThat(ds.poolStats().destroyed()).isEqualTo(destroyedBefore);
    }
}
