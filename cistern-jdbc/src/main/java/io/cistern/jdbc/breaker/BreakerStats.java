package io.cistern.jdbc.breaker;

/**
 * A snapshot of a {@link CircuitBreaker}.
 *
 * @param name the breaker's name
 * @param state its state
 * @param consecutiveFailures the current run of failures
 * @param failures failures reported since the start
 * @param notPermitted requests refused because the breaker was open or its probe slots taken
 * @param timesOpened transitions to open
 * @param timesHalfOpened transitions to half-open
 * @param timesClosed transitions back to closed
 * @param lastFailure the last failure reported, or {@code null}
 */
public record BreakerStats(String name, BreakerState state, int consecutiveFailures, long failures, long notPermitted,
                           long timesOpened, long timesHalfOpened, long timesClosed, String lastFailure) {
}
