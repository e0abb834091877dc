package io.cistern.routing.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class SqlFailureTest {

    @Test
    void classifiesBySqlState() {
        assertThat(SqlFailure.classify(new SQLException("refused", "08001"))).isEqualTo(SqlFailure.CONNECTION);
        assertThat(SqlFailure.classify(new SQLException("I/O", "08006"))).isEqualTo(SqlFailure.CONNECTION);
        assertThat(SqlFailure.classify(new SQLException("admin shutdown", "57P01"))).isEqualTo(SqlFailure.CONNECTION);
        assertThat(SqlFailure.classify(new SQLException("starting up", "57P03"))).isEqualTo(SqlFailure.CONNECTION);
        assertThat(SqlFailure.classify(new SQLException("too many", "53300"))).isEqualTo(SqlFailure.CONNECTION);
        assertThat(SqlFailure.classify(new SQLException("serialize", "40001"))).isEqualTo(SqlFailure.SERIALIZATION);
        assertThat(SqlFailure.classify(new SQLException("deadlock", "40P01"))).isEqualTo(SqlFailure.SERIALIZATION);
        assertThat(SqlFailure.classify(new SQLException("read-only", "25006"))).isEqualTo(SqlFailure.READ_ONLY_SERVER);
        assertThat(SqlFailure.classify(new SQLException("duplicate", "23505"))).isEqualTo(SqlFailure.OTHER);
        assertThat(SqlFailure.classify(new SQLException("syntax", "42601"))).isEqualTo(SqlFailure.OTHER);
        assertThat(SqlFailure.classify(new SQLException("bad password", "28P01"))).isEqualTo(SqlFailure.OTHER);
        assertThat(SqlFailure.classify(new SQLException("statement timeout", "57014"))).isEqualTo(SqlFailure.OTHER);
    }

    @Test
    void looksThroughCausesNextExceptionsAndGenericStates() {
        assertThat(SqlFailure.classify(new SQLException("wrapped", "HY000", new ConnectException("refused"))))
                .isEqualTo(SqlFailure.CONNECTION);
        assertThat(SqlFailure.classify(new RuntimeException(new SocketException("Connection reset"))))
                .isEqualTo(SqlFailure.CONNECTION);
        SQLException batch = new SQLException("batch failed");
        batch.setNextException(new SQLException("serialize", "40001"));
        assertThat(SqlFailure.classify(batch)).isEqualTo(SqlFailure.SERIALIZATION);
        assertThat(SqlFailure.classify(new SQLTransientConnectionException("pool timeout"))).isEqualTo(SqlFailure.CONNECTION);
        assertThat(SqlFailure.classify(new SQLException("no host", "HY000", new UnknownHostException("db9"))))
                .isEqualTo(SqlFailure.OTHER);
        assertThat(SqlFailure.classify(new IllegalStateException("bug"))).isEqualTo(SqlFailure.OTHER);
    }
}
