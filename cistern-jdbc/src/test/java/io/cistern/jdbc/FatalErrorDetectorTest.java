package io.cistern.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import org.junit.jupiter.api.Test;

class FatalErrorDetectorTest {
    private final FatalErrorDetector builtIn = new FatalErrorDetector("p", null);

    @Test
    void builtInRulesRecogniseBrokenSessions() {
        assertThat(builtIn.isFatal(new SQLException("io", "08006"))).isTrue();
        assertThat(builtIn.isFatal(new SQLException("terminated", "57P01"))).isTrue();
        assertThat(builtIn.isFatal(new SQLException("crash", "57P02"))).isTrue();
        assertThat(builtIn.isFatal(new SQLException("starting", "57P03"))).isTrue();
        assertThat(builtIn.isFatal(new SQLNonTransientConnectionException("gone"))).isTrue();
        assertThat(builtIn.isFatal(new SQLRecoverableException("reconnect"))).isTrue();
        assertThat(builtIn.isFatal(new SQLException("wrapped", "XX000", new SQLException("io", "08003")))).isTrue();
        SQLException chained = new SQLException("batch failed", "22000");
        chained.setNextException(new SQLException("io", "08006"));
        assertThat(builtIn.isFatal(chained)).isTrue();
    }

    @Test
    void ordinaryErrorsAreNotFatal() {
        assertThat(builtIn.isFatal(new SQLException("syntax", "42601"))).isFalse();
        assertThat(builtIn.isFatal(new SQLException("unique", "23505"))).isFalse();
        assertThat(builtIn.isFatal(new SQLException("serialization", "40001"))).isFalse();
        assertThat(builtIn.isFatal(new SQLTimeoutException("query timeout", "57014"))).isFalse();
        assertThat(builtIn.isFatal(new SQLException("no state"))).isFalse();
    }

    @Test
    void aUserClassifierIsAskedFirst() {
        FatalErrorDetector custom = new FatalErrorDetector("p", e -> e.getErrorCode() == 9001
                ? SqlExceptionClassifier.Verdict.FATAL
                : "08006".equals(e.getSQLState()) ? SqlExceptionClassifier.Verdict.NOT_FATAL
                : SqlExceptionClassifier.Verdict.DEFAULT);
        assertThat(custom.isFatal(new SQLException("proxy lost backend", "HY000", 9001))).isTrue();
        assertThat(custom.isFatal(new SQLException("io", "08006"))).isFalse();
        assertThat(custom.isFatal(new SQLException("terminated", "57P01"))).isTrue();
    }
}
