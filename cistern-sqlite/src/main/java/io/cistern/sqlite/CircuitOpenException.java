package io.cistern.sqlite;

import java.sql.SQLTransientConnectionException;

/**
 * An open was refused because the database's circuit breaker is open: the last opens of this path
 * failed repeatedly and the cooldown has not passed. The cause is the last failure.
 */
public final class CircuitOpenException extends SQLTransientConnectionException {
    private static final long serialVersionUID = 1L;

    CircuitOpenException(String message, Throwable lastFailure) {
        super(message, "08004", lastFailure);
    }
}
