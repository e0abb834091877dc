package io.cistern.routing.retry;

/**
 * Counters of a {@link SqlRetry} since it was made.
 *
 * @param calls units of work started
 * @param attempts attempts made, first ones included
 * @param retries attempts after the first
 * @param succeeded calls that returned a result
 * @param succeededAfterRetry calls that returned a result after at least one retry
 * @param failedNotTransient calls that failed at once with an error not worth retrying
 * @param exhausted calls that failed on their last allowed attempt with a transient error
 * @param connectionFailures transient connection failures seen (retried or final)
 * @param serializationFailures serialization failures and deadlocks seen
 * @param readOnlyServerFailures writes that reached a read-only server
 */
public record RetryStats(long calls, long attempts, long retries, long succeeded, long succeededAfterRetry,
                         long failedNotTransient, long exhausted, long connectionFailures,
                         long serializationFailures, long readOnlyServerFailures) {
}
