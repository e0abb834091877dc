package io.cistern.jdbc.breaker;

/** The states of a {@link CircuitBreaker}. */
public enum BreakerState {
    /** Calls go through; failures are counted. */
    CLOSED,
    /** Calls are refused at once until the open wait has passed. */
    OPEN,
    /** A few probe calls go through; a success closes the breaker, a failure opens it again. */
    HALF_OPEN
}
