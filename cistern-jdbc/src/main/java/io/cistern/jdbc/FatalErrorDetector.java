package io.cistern.jdbc;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.util.Set;

/** Applies the user's {@link SqlExceptionClassifier}, then the built-in rules, to driver errors. */
final class FatalErrorDetector {
    /** SQLStates outside class 08 that still mean the session is gone. */
    private static final Set<String> FATAL_STATES = Set.of(
            "57P01", // PostgreSQL: admin_shutdown (pg_terminate_backend, fast shutdown)
            "57P02", // PostgreSQL: crash_shutdown
            "57P03", // PostgreSQL: cannot_connect_now (starting up or shutting down)
            "01002", // SQL standard: disconnect error
            "JZ0C0", "JZ0C1"); // jTDS/Sybase: connection closed
    private static final int MAX_CHAIN = 10;

    private final String poolName;
    private final SqlExceptionClassifier custom;

    FatalErrorDetector(String poolName, SqlExceptionClassifier custom) {
        this.poolName = poolName;
        this.custom = custom;
    }

    String poolName() {
        return poolName;
    }

    boolean isFatal(SQLException e) {
        if (custom != null) {
            SqlExceptionClassifier.Verdict verdict = custom.classify(e);
            if (verdict == SqlExceptionClassifier.Verdict.FATAL) {
                return true;
            }
            if (verdict == SqlExceptionClassifier.Verdict.NOT_FATAL) {
                return false;
            }
        }
        Throwable t = e;
        for (int depth = 0; t != null && depth < MAX_CHAIN; depth++) {
            if (t instanceof SQLException && (isFatalByDefault((SQLException) t)
                    || ((SQLException) t).getNextException() != null && isFatalByDefault(((SQLException) t).getNextException()))) {
                return true;
            }
            t = t.getCause();
        }
        return false;
    }

    static boolean isFatalByDefault(SQLException e) {
        if (e instanceof SQLNonTransientConnectionException || e instanceof SQLRecoverableException) {
            return true;
        }
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || FATAL_STATES.contains(state));
    }
}
