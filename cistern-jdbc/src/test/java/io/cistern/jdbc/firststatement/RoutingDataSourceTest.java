package io.cistern.jdbc.firststatement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cistern.jdbc.CisternDataSource;
import io.cistern.jdbc.TestDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two real pools, told apart by the server-side application name each sets. */
class RoutingDataSourceTest {
    private static CisternDataSource writer;
    private static CisternDataSource reader;
    private static final List<Boolean> ROUTED = new CopyOnWriteArrayList<>();
    private static RoutingDataSource routing;

    @BeforeAll
    static void start() {
        writer = new CisternDataSource(TestDatabases.postgres("route-writer").maximumPoolSize(2).build());
        reader = new CisternDataSource(TestDatabases.postgres("route-reader").maximumPoolSize(2).build());
        routing = new RoutingDataSource(readOnly -> {
            ROUTED.add(readOnly);
            return (readOnly ? reader : writer).getConnection();
        });
    }

    @AfterAll
    static void stop() {
        writer.close();
        reader.close();
    }

    @BeforeEach
    void clear() {
        ROUTED.clear();
    }

    private static String servedBy(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select current_setting('application_name')")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void plainConnectionsGoToTheWriter() throws Exception {
        try (Connection c = routing.getConnection()) {
            assertThat(servedBy(c)).isEqualTo("route-writer");
        }
        assertThat(ROUTED).containsExactly(false);
    }

    @Test
    void readOnlyBeforeTheFirstStatementGoesToTheReader() throws Exception {
        try (Connection c = routing.getConnection()) {
            c.setReadOnly(true);
            assertThat(ROUTED).as("nothing chosen before the first statement").isEmpty();
            assertThat(servedBy(c)).isEqualTo("route-reader");
            assertThat(c.isReadOnly()).isTrue();
        }
        assertThat(ROUTED).containsExactly(true);
        assertThat(reader.poolStats().active()).as("returned to its pool").isZero();
    }

    @Test
    void aSpringReadOnlyTransactionReachesTheReader() throws Exception {
        // The calls DataSourceTransactionManager makes for @Transactional(readOnly = true), in its order.
        try (Connection c = routing.getConnection()) {
            c.setReadOnly(true);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            if (c.getAutoCommit()) {
                c.setAutoCommit(false);
            }
            assertThat(servedBy(c)).isEqualTo("route-reader");
            assertThat(c.getAutoCommit()).isFalse();
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("show transaction_read_only")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("on");
            }
            c.commit();
            c.setAutoCommit(true);
            c.setReadOnly(false);
        }
        assertThat(ROUTED).containsExactly(true);
    }

    @Test
    void readOnlyAfterTheFirstStatementDoesNotMoveTheConnection() throws Exception {
        try (Connection c = routing.getConnection()) {
            assertThat(servedBy(c)).isEqualTo("route-writer");
            c.setReadOnly(true);
            assertThat(servedBy(c)).isEqualTo("route-writer");
        }
        assertThat(ROUTED).containsExactly(false);
    }

    @Test
    void theReadOnlyViewRoutesToTheReaderFromTheStart() throws Exception {
        try (Connection c = routing.readOnlyView().getConnection()) {
            assertThat(c.isReadOnly()).isTrue();
            assertThat(servedBy(c)).isEqualTo("route-reader");
        }
        assertThat(ROUTED).containsExactly(true);
    }

    @Test
    void aConnectionClosedBeforeAnyStatementNeverTouchesADatabase() throws Exception {
        Connection c = routing.getConnection();
        c.setAutoCommit(false);
        c.commit();
        c.rollback();
        assertThat((Object) c.getWarnings()).isNull();
        c.close();
        c.close();
        assertThat(ROUTED).isEmpty();
        assertThat(c.isClosed()).isTrue();
        assertThatThrownBy(c::createStatement).isInstanceOf(SQLException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> c.setReadOnly(true)).isInstanceOf(SQLException.class);
    }

    @Test
    void settingsMadeBeforeRoutingAreReplayedAndResetByThePool() throws Exception {
        try (Connection c = routing.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("create temporary table routed_tx (v int)");
                s.execute("insert into routed_tx values (1)");
            }
            assertThat(c.getAutoCommit()).isFalse();
            // closed without commit: the writer pool rolls back
        }
        try (Connection c = routing.getConnection()) {
            assertThat(c.getAutoCommit()).isTrue();
        }
    }

    @Test
    void theLastSettingMadeBeforeRoutingWinsAndReachesTheServer() throws Exception {
        try (Connection c = routing.getConnection()) {
            c.setReadOnly(true);
            c.setReadOnly(false);
            c.setAutoCommit(false);
            c.setAutoCommit(true);
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setHoldability(ResultSet.HOLD_CURSORS_OVER_COMMIT);
            c.setHoldability(ResultSet.CLOSE_CURSORS_AT_COMMIT);
            assertThat(ROUTED).isEmpty();
            assertThat(c.isReadOnly()).isFalse();
            assertThat(c.getAutoCommit()).isFalse();
            assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_REPEATABLE_READ);
            assertThat(c.getHoldability()).isEqualTo(ResultSet.CLOSE_CURSORS_AT_COMMIT);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("show transaction_isolation")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("repeatable read");
            }
            assertThat(ROUTED).containsExactly(false);
            assertThat(c.getAutoCommit()).isFalse();
            assertThat(c.getHoldability()).isEqualTo(ResultSet.CLOSE_CURSORS_AT_COMMIT);
            c.rollback();
        }
    }

    @Test
    void aSettingTooLargeToRecordIsHandedToTheDriverAtOnce() throws Exception {
        try (Connection c = routing.getConnection()) {
            // SQL Server's SNAPSHOT level; pgjdbc refuses it, and the caller hears so immediately.
            assertThatThrownBy(() -> c.setTransactionIsolation(4096)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("not supported");
            assertThat(ROUTED).containsExactly(false);
        }
    }

    @Test
    void unwrapReachesTheDriver() throws Exception {
        try (Connection c = routing.getConnection()) {
            assertThat(c.unwrap(org.postgresql.PGConnection.class).getBackendPID()).isPositive();
            assertThat(c.isWrapperFor(Connection.class)).isTrue();
        }
    }
}
