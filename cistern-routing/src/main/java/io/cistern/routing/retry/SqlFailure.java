package io.cistern.routing.retry;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;

/**
 * What kind of failure an exception reports, as far as retrying is concerned. Read from the
 * SQLState first (the driver's most precise word), then from the exception types, along the
 * cause and next-exception chain.
 */
public enum SqlFailure {
    /**
     * The server could not be reached or the session was lost: connection refused or reset,
     * connect and acquire timeouts, SQLState class {@code 08}, PostgreSQL's {@code 57P01} to
     * {@code 57P03} (shutdown, crash, starting up) and {@code 53300} (too many connections).
     * Another attempt on a fresh connection may well succeed.
     */
    CONNECTION,
    /**
     * The transaction lost a conflict: {@code 40001} (serialization failure) or {@code 40P01}
     * (deadlock). Safe to retry only if the caller re-runs the whole transaction, so it is retried
     * only when the policy opts in.
     */
    SERIALIZATION,
    /**
     * {@code 25006}: a write reached a server that is read-only, which in a replicated cluster
     * means a failover demoted the server the connection was on. Retried only when the policy opts
     * in, because on a single server it means a programming error.
     */
    READ_ONLY_SERVER,
    /** Anything else: syntax, constraints, permissions, authentication, statement timeouts. Never retried. */
    OTHER;

    private static final int MAX_CHAIN = 10;

    /**
     * @param failure any exception
     * @return its kind
     */
    public static SqlFailure classify(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < MAX_CHAIN; depth++) {
            SqlFailure kind = kindOf(t);
            if (kind != null) {
                return kind;
            }
            if (t instanceof SQLException && ((SQLException) t).getNextException() != null) {
                kind = kindOf(((SQLException) t).getNextException());
                if (kind != null) {
                    return kind;
                }
            }
            t = t.getCause();
        }
        return OTHER;
    }

    /** @return the kind this exception alone shows, or {@code null} to keep looking down the chain */
    private static SqlFailure kindOf(Throwable t) {
        if (t instanceof SQLException) {
            String state = ((SQLException) t).getSQLState();
            if (state != null && state.length() == 5 && !isGeneric(state)) {
                return byState(state);
            }
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException
                    || t instanceof SQLRecoverableException) {
                return CONNECTION;
            }
            if (t instanceof SQLTransactionRollbackException) {
                return SERIALIZATION;
            }
            return null;
        }
        if (t instanceof UnknownHostException) {
            return OTHER; // a wrong host name does not heal by retrying
        }
        if (t instanceof ConnectException || t instanceof SocketException || t instanceof SocketTimeoutException
                || t instanceof EOFException) {
            return CONNECTION;
        }
        return null;
    }

    /** Driver-generic states say nothing about the failure; the types and causes may. */
    private static boolean isGeneric(String state) {
        return state.startsWith("HY") || state.startsWith("S1") || state.equals("00000");
    }

    private static SqlFailure byState(String state) {
        if (state.startsWith("08")) {
            return CONNECTION;
        }
        switch (state) {
            case "57P01": // admin_shutdown
            case "57P02": // crash_shutdown
            case "57P03": // cannot_connect_now
            case "53300": // too_many_connections
                return CONNECTION;
            case "40001": // serialization_failure
            case "40P01": // deadlock_detected
                return SERIALIZATION;
            case "25006": // read_only_sql_transaction
                return READ_ONLY_SERVER;
            default:
                return OTHER;
        }
    }
}
