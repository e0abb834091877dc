package io.cistern.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.cistern.testkit.LoopbackPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** Returning a connection touches only what its user changed: a clean return asks the server nothing. */
class ReturnCostTest {

    private CisternDataSource dataSource() {
        return new CisternDataSource(CisternConfig.builder()
                .dataSourceClassName(RecordingDataSource.class.getName())
                .addDataSourceProperty("url", LoopbackPostgres.url(LoopbackPostgres.server()) + "?ApplicationName=recorded")
                .addDataSourceProperty("user", "postgres")
                .poolName("recorded").maximumPoolSize(1).build());
    }

    @Test
    void aCleanReturnMakesNoDriverRoundTrip() throws Exception {
        try (CisternDataSource ds = dataSource()) {
            Connection c = ds.getConnection();
            try (PreparedStatement ps = c.prepareStatement("select 1"); ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
            RecordingDataSource.CALLS.clear();
            c.close();
            // clearWarnings only drops the driver's local warning chain (pgjdbc sends nothing).
            assertThat(RecordingDataSource.CALLS).containsExactly("clearWarnings");
        }
    }

    @Test
    void aDirtyReturnRestoresExactlyWhatChanged() throws Exception {
        try (CisternDataSource ds = dataSource()) {
            Connection c = ds.getConnection();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("select 1")) {
                ps.executeQuery().close();
            }
            RecordingDataSource.CALLS.clear();
            c.close();
            assertThat(RecordingDataSource.CALLS).containsExactly("rollback", "setAutoCommit", "clearWarnings");

            c = ds.getConnection();
            c.setReadOnly(true);
            RecordingDataSource.CALLS.clear();
            c.close();
            assertThat(RecordingDataSource.CALLS).containsExactly("setReadOnly", "clearWarnings");
        }
    }
}
